import type { RunStatus, StepStatus } from "@/lib/statuses";
import type { JsonValue } from "./contract";
import type { RunState } from "./state";

/**
 * The engine's persistence port. server/engine/run-store.ts implements it
 * (portable through Prisma, with SQLite and PostgreSQL hot paths); nothing else
 * in the engine knows the database.
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
  /** Run.triggerType (manual, webhook, schedule, …): metrics labels */
  triggerType?: string;
  /** status before this claim (RUNNING = the previous holder's lease expired: a takeover) */
  prevStatus: RunStatus;
  startedAt: Date | null;
  leaseToken: string;
  /** consecutive takeovers without a commit in between, this claim included */
  takeovers: number;
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

/** One status transition, appended to the run's history (RunEvent) in the same transaction as the change. */
export interface RunTransition {
  from: RunStatus | null;
  to: RunStatus;
  /** "engine:<owner>", "user:<id>", "run:<id>", "token", "system" */
  actor: string;
  reason: string | null;
}

/** Fields left undefined are not written (a continuing RUNNING commit writes only the state and counters). */
export interface RunPatch {
  status?: RunStatus;
  state: string;
  stepCount: number;
  failedStepCount: number;
  /** set when the run finishes: graph nodes it did not execute (see skippedNodes in run-context.ts) */
  skippedStepCount?: number;
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
  /** values written once (RunData rows, upserted), e.g. a loop's item list */
  data?: Array<{ key: string; value: string }>;
  /** the status change this commit makes, recorded in the run's history */
  transition?: RunTransition;
}

/** "cancel-requested": the lease is still ours but someone asked to cancel; nothing was written. */
export type CommitResult = "ok" | "lost" | "cancel-requested";

export interface ChildResult {
  status: RunStatus;
  output: JsonValue;
  error: string | null;
}

/** What a takeover found: highest recorded attempt per step key (its retry is the next attempt). */
export interface TakeoverResult {
  /** false: the lease is no longer ours; nothing was written */
  ok: boolean;
  /** step rows that were RUNNING (now FAILED / INTERRUPTED) */
  interrupted: Array<{ idempotencyKey: string; attempt: number; nodeId: string; iteration: string }>;
  /** the highest attempt recorded for each step key with an unfinished or failed attempt */
  highestAttempts: Array<{ idempotencyKey: string; attempt: number }>;
}

/** What a hand-back (graceful stop, see RunStore.release) did. */
export interface ReleaseResult {
  /** false: the lease is no longer ours (finished, taken over, already released); nothing was written */
  ok: boolean;
  /** step rows that were RUNNING (now FAILED / INTERRUPTED); the next claim executes them as the next attempt */
  interrupted: Array<{ nodeId: string; iteration: string; attempt: number }>;
}

/** The last outcome of each node that later steps see as steps.<node> (newest attempt that succeeded, or failed and continued). */
export interface StepOutputRow {
  nodeId: string;
  status: string;
  response: string | null;
  error: string | null;
  errorCode: string | null;
}

export interface RunStore {
  /**
   * Atomic conditional claim. With `runId`: that run, if due. Without: the next
   * due run — expired leases and due timers first, then QUEUED runs by
   * priority (high first) and age (oldest first). Due = QUEUED (timer passed or
   * none), PAUSED or WAITING_FOR_CHILD with a passed timer, RUNNING with an
   * expired lease. Records the transition.
   */
  claim(target: { runId?: string }, owner: string, token: string, leaseMs: number, now: Date): Promise<ClaimedRun | null>;
  loadVersion(versionId: string): Promise<{ graph: string; conditions: string } | null>;
  /**
   * One transaction: fenced run update (lease token, and no cancel request
   * unless ignoreCancel), data rows, the step rows (several when pure steps were
   * batched), the transition.
   */
  commit(runId: string, token: string, patch: RunPatch, steps?: StepRecord | readonly StepRecord[], opts?: { ignoreCancel?: boolean }): Promise<CommitResult>;
  /** Renews the lease; reports a lost lease or a cancel request. */
  heartbeat(runId: string, token: string, leaseMs: number, now: Date): Promise<CommitResult>;
  /** Fenced insert of a RUNNING step row (long steps); false when the lease is gone. */
  recordRunning(runId: string, token: string, step: StepRecord): Promise<boolean>;
  /** After taking over an expired lease, fenced and atomic: RUNNING step rows become FAILED/INTERRUPTED; reports the highest attempts. */
  takeOver(runId: string, token: string, now: Date): Promise<TakeoverResult>;
  /**
   * Graceful stop with a step still in flight, fenced and atomic: RUNNING → QUEUED with the lease
   * cleared (claimable at once, not after the lease expires), RUNNING step rows → FAILED/INTERRUPTED
   * and their next attempt noted in the state (the retry keeps the step's idempotency key), the
   * transition recorded. The old token no longer matches anything: a late commit, heartbeat or
   * RUNNING row of the interrupted attempt is fenced out.
   */
  release(runId: string, token: string, now: Date, actor: string, reason: string): Promise<ReleaseResult>;
  /** RunData values by key (missing keys are absent). */
  loadData(runId: string, keys: readonly string[]): Promise<Map<string, string>>;
  /** Per node, its newest step row that later steps see (succeeded, or failed with continue-on-error). */
  stepOutputs(runId: string): Promise<StepOutputRow[]>;
  childResult(childRunId: string): Promise<ChildResult | null>;
  /** WAITING_FOR_CHILD → QUEUED (conditional, recorded); true when this call woke it. */
  wakeParent(parentRunId: string, childRunId: string): Promise<boolean>;
}

/** The step rows of a commit, as a list. */
export function stepList(steps: StepRecord | readonly StepRecord[] | undefined): readonly StepRecord[] {
  if (!steps) return [];
  return Array.isArray(steps) ? (steps as readonly StepRecord[]) : [steps as StepRecord];
}
