import type { RunStatus, StepStatus } from "@/lib/statuses";
import type { JsonValue } from "./contract";
import type { RunState } from "./state";

/**
 * The engine's persistence port. server/engine/run-store.ts implements it with
 * Prisma; nothing else in the engine knows the database.
 */
export interface ClaimedRun {
  id: string;
  workspaceId: string;
  automationId: string;
  versionId: string | null;
  graphSnapshot: string | null;
  conditionsSnapshot: string | null;
  triggerData: JsonValue;
  state: RunState;
  cancelRequested: boolean;
  parentRunId: string | null;
  /** status before this claim (RUNNING = the previous holder's lease expired) */
  prevStatus: RunStatus;
  startedAt: Date | null;
  leaseToken: string;
}

export interface StepRecord {
  /** update the existing row with the same (run, idempotencyKey, attempt) — a RUNNING or WAITING record — instead of inserting */
  existing?: boolean;
  workspaceId: string;
  nodeId: string;
  nodeType: string;
  nodeName: string;
  iteration: string;
  attempt: number;
  status: StepStatus;
  idempotencyKey: string;
  request: string | null;
  response: string | null;
  responseTruncated: boolean;
  handle: string | null;
  error: string | null;
  errorCode: string | null;
  warnings: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
}

/** Fields left undefined are not written (a continuing RUNNING commit writes only the state and counters). */
export interface RunPatch {
  status?: RunStatus;
  state: string;
  stepCount: number;
  failedStepCount: number;
  wakeAt?: Date | null;
  waitKind?: string | null;
  waitTokenHash?: string | null;
  error?: string | null;
  errorCode?: string | null;
  startedAt?: Date;
  finishedAt?: Date | null;
  conditionsResult?: string;
  /** renew the lease (the run continues) */
  leaseExpiresAt?: Date;
  /** clear leaseOwner/leaseToken/leaseExpiresAt (pause, requeue, finish) */
  releaseLease: boolean;
}

/** "cancel-requested": the lease is still ours but someone asked to cancel; nothing was written. */
export type CommitResult = "ok" | "lost" | "cancel-requested";

export interface ChildResult {
  status: RunStatus;
  output: JsonValue;
  error: string | null;
}

export interface RunStore {
  /** Atomic conditional claim: QUEUED and due, PAUSED with a due timer, or RUNNING with an expired lease. */
  claim(runId: string, owner: string, token: string, leaseMs: number, now: Date): Promise<ClaimedRun | null>;
  loadVersion(versionId: string): Promise<{ graph: string; conditions: string } | null>;
  /** One transaction: fenced run update (lease token, and no cancel request unless ignoreCancel), then the step row. */
  commit(runId: string, token: string, patch: RunPatch, step?: StepRecord, opts?: { ignoreCancel?: boolean }): Promise<CommitResult>;
  /** Renews the lease; reports a lost lease or a cancel request. */
  heartbeat(runId: string, token: string, leaseMs: number, now: Date): Promise<CommitResult>;
  /** Fenced insert of a RUNNING step row (long steps); false when the lease is gone. */
  recordRunning(runId: string, token: string, step: StepRecord): Promise<boolean>;
  /** After taking over an expired lease: RUNNING step rows become FAILED/INTERRUPTED; returns them. */
  markInterrupted(runId: string, now: Date): Promise<Array<{ idempotencyKey: string; attempt: number }>>;
  childResult(childRunId: string): Promise<ChildResult | null>;
  /** WAITING_FOR_CHILD → QUEUED (conditional); true when this call woke it. */
  wakeParent(parentRunId: string): Promise<boolean>;
  /** Ids of runs that are due: QUEUED (wakeAt passed or none), PAUSED with a passed timer, RUNNING with an expired lease. */
  findDue(now: Date, limit: number, exclude: readonly string[]): Promise<string[]>;
  /** Parents still WAITING_FOR_CHILD although the child they wait for has finished (a lost wake-up). */
  findStrandedParents(limit: number): Promise<string[]>;
}
