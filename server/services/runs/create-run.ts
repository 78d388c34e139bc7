import { randomUUID } from "node:crypto";
import { getDb, type Db, type DbOrTx, type Tx } from "@/server/db";
import type { Prisma } from "@/server/db/generated/sqlite/client";
import type { RunStatus } from "@/lib/statuses";
import { AppError } from "@/server/services/errors";
import { checkDraft } from "@/server/services/versions/validate-draft";
import { signalRun } from "@/server/queue/signal";
import { runControlFor, type NewRun } from "@/server/engine/run-store-control";
import { sqliteRunTarget } from "@/server/engine/run-create-sqlite";
import { knownConnections } from "@/server/services/connections/known";
import { knownOutgoingWebhooks } from "@/server/services/outgoing-webhooks/known";

/**
 * Creates a QUEUED run and signals the dispatcher after the row is committed;
 * it never executes steps. Used by tRPC (runs.trigger), REST, webhooks,
 * schedules, events and child workflows.
 *
 * - Normal runs execute the automation's published version (recorded on the run).
 * - Test runs store a snapshot of the draft graph and conditions and execute it.
 * - The idempotency key (random when absent) is unique per workspace: a second
 *   call with the same key returns the existing run instead of creating one.
 */
export const MAX_CHILD_DEPTH = 10;

export interface CreateRunInput {
  workspaceId: string;
  automationId: string;
  /** manual | webhook | schedule | event | child | api … */
  triggerType: string;
  triggerData?: unknown;
  test?: boolean;
  idempotencyKey?: string;
  createdById?: string | null;
  parentRunId?: string;
  parentNodeId?: string;
  /** what started it from outside: Event id, ScheduleFire id, WebhookEndpoint id */
  sourceId?: string | null;
  /** bulk enrollment: the item's dedupe key */
  dedupeKey?: string | null;
  /** Test runs only: run this graph (JSON) without conditions instead of the draft (one action in isolation). */
  graphOverride?: string;
  /** Normal runs only: run this version of the automation instead of its published one (re-run on the version that ran). */
  versionId?: string;
  /** Test runs only: run this recorded draft snapshot (checked when it first ran) instead of the draft (re-run of a test run on what ran). */
  testSnapshot?: { graph: string; conditions: string };
  /** Re-runs: the run this one re-runs (Run.rerunOfRunId). */
  rerunOfRunId?: string;
  /** The reason recorded in the run's history (default: "<run|test run> started by <triggerType> trigger"). */
  reason?: string;
}

export interface CreateRunResult {
  runId: string;
  status: RunStatus;
  /** false when an existing run with the same idempotency key was returned */
  created: boolean;
  versionNumber: number | null;
  isTest: boolean;
}

const MAX_TRIGGER_BYTES = 1024 * 1024;

function triggerJson(data: unknown): string {
  const value = data === undefined ? {} : data;
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    throw new AppError("BAD_REQUEST", "triggerData: must be JSON (objects, arrays, text, numbers, booleans, null)", {
      issues: [{ field: "triggerData", message: "must be JSON" }],
    });
  }
  if (Buffer.byteLength(text, "utf8") > MAX_TRIGGER_BYTES) {
    throw new AppError("BAD_REQUEST", "triggerData: at most 1 MB of JSON", { issues: [{ field: "triggerData", message: "at most 1 MB of JSON" }] });
  }
  return text;
}

function existingResult(row: { id: string; status: string; versionNumber: number | null; isTest: boolean }): CreateRunResult {
  return { runId: row.id, status: row.status as RunStatus, created: false, versionNumber: row.versionNumber, isTest: row.isTest };
}

const EXISTING_SELECT = { id: true, status: true, versionNumber: true, isTest: true, automationId: true } as const;

async function findByKey(db: DbOrTx, workspaceId: string, key: string) {
  return db.run.findUnique({ where: { workspaceId_idempotencyKey: { workspaceId, idempotencyKey: key } }, select: EXISTING_SELECT });
}

function checkSameAutomation(row: { automationId: string }, automationId: string, key: string): void {
  if (row.automationId !== automationId) {
    throw new AppError("CONFLICT", `idempotencyKey "${key}" was already used for a run of another automation; use a new key`, {
      issues: [{ field: "idempotencyKey", message: "already used for another automation" }],
    });
  }
}

type Prepared =
  | { existing: CreateRunResult }
  | { existing?: undefined; key: string; data: NewRun; actor: string; reason: string; versionNumber: number | null };

/** Checks and loads everything a new run needs (through `db`, which may be a transaction). */
async function prepareRun(input: CreateRunInput, db: DbOrTx): Promise<Prepared> {
  const key = input.idempotencyKey?.trim() || randomUUID();
  if (key.length > 200) {
    throw new AppError("BAD_REQUEST", "idempotencyKey: at most 200 characters", { issues: [{ field: "idempotencyKey", message: "at most 200 characters" }] });
  }
  if (input.idempotencyKey) {
    const existing = await findByKey(db, input.workspaceId, key);
    if (existing) {
      checkSameAutomation(existing, input.automationId, key);
      return { existing: existingResult(existing) };
    }
  }
  const triggerData = triggerJson(input.triggerData);

  // SQLite fast path for runs of the published version (webhooks, schedules, events): one statement, no ORM.
  const direct = input.test ? null : await sqliteRunTarget(db, input.automationId, input.workspaceId);
  const automation = direct?.automation ?? await db.automation.findFirst({
    where: { id: input.automationId, workspaceId: input.workspaceId },
    select: { id: true, status: true, archivedAt: true, draftGraph: true, conditions: true, publishedVersion: true, priority: true },
  });
  if (!automation) throw new AppError("NOT_FOUND", "Automation not found", { id: input.automationId });
  if (automation.status === "ARCHIVED" || automation.archivedAt) {
    throw new AppError("UNPROCESSABLE", "This automation is archived; restore it before running it");
  }

  let depth = 0;
  if (input.parentRunId) {
    const parent = await db.run.findFirst({ where: { id: input.parentRunId, workspaceId: input.workspaceId }, select: { depth: true } });
    if (!parent) throw new AppError("NOT_FOUND", "Parent run not found", { id: input.parentRunId });
    depth = parent.depth + 1;
    if (depth > MAX_CHILD_DEPTH) {
      throw new AppError("UNPROCESSABLE", `Child workflows can nest at most ${MAX_CHILD_DEPTH} levels deep; this run is already ${parent.depth} levels deep (check for an automation that starts itself)`);
    }
  }

  let snapshot: { versionId: string | null; versionNumber: number | null; graphSnapshot: string | null; conditionsSnapshot: string | null };
  if (input.test && input.testSnapshot) {
    snapshot = { versionId: null, versionNumber: null, graphSnapshot: input.testSnapshot.graph, conditionsSnapshot: input.testSnapshot.conditions };
  } else if (input.test) {
    const override = input.graphOverride !== undefined;
    const check = checkDraft(
      override ? input.graphOverride! : automation.draftGraph,
      override ? "[]" : automation.conditions,
      await knownConnections(db, input.workspaceId),
      await knownOutgoingWebhooks(db, input.workspaceId),
    );
    if (!check.ok) {
      const n = check.problems.length;
      throw new AppError("UNPROCESSABLE", `Fix ${n} ${n === 1 ? "problem" : "problems"} in the draft before test-running it`, { problems: check.problems });
    }
    snapshot = { versionId: null, versionNumber: null, graphSnapshot: JSON.stringify(check.graph), conditionsSnapshot: JSON.stringify(check.conditions) };
  } else if (input.versionId) {
    const version = await db.automationVersion.findFirst({ where: { id: input.versionId, automationId: automation.id }, select: { id: true, number: true } });
    if (!version) throw new AppError("NOT_FOUND", "Version not found for this automation", { versionId: input.versionId });
    snapshot = { versionId: version.id, versionNumber: version.number, graphSnapshot: null, conditionsSnapshot: null };
  } else {
    const version = direct?.version ?? await db.automationVersion.findFirst({
      where: { automationId: automation.id, ...(automation.publishedVersion ? { number: automation.publishedVersion } : {}) },
      orderBy: { number: "desc" },
      select: { id: true, number: true },
    });
    if (!version) throw new AppError("UNPROCESSABLE", "Publish the automation before running it, or start a test run");
    snapshot = { versionId: version.id, versionNumber: version.number, graphSnapshot: null, conditionsSnapshot: null };
  }

  return {
    key,
    versionNumber: snapshot.versionNumber,
    data: {
      workspaceId: input.workspaceId,
      automationId: automation.id,
      ...snapshot,
      isTest: input.test === true,
      priority: automation.priority,
      triggerType: input.triggerType,
      triggerData,
      idempotencyKey: key,
      parentRunId: input.parentRunId ?? null,
      parentNodeId: input.parentNodeId ?? null,
      depth,
      createdById: input.createdById ?? null,
      sourceId: input.sourceId ?? null,
      dedupeKey: input.dedupeKey ?? null,
      ...(input.rerunOfRunId ? { rerunOfRunId: input.rerunOfRunId } : {}),
    },
    actor: input.createdById ? `user:${input.createdById}` : input.parentRunId ? `run:${input.parentRunId}` : "system",
    reason: input.reason ?? `${input.test ? "test run" : "run"} started by ${input.triggerType} trigger`,
  };
}

export async function createRun(input: CreateRunInput, db: Db = getDb()): Promise<CreateRunResult> {
  const prepared = await prepareRun(input, db);
  if (prepared.existing) return prepared.existing;
  const { key } = prepared;
  let row: { id: string; status: string };
  try {
    row = await runControlFor(db).createRun(prepared.data, prepared.actor, prepared.reason);
  } catch (err) {
    // A concurrent request with the same key won the unique index: return its run.
    if ((err as { code?: unknown }).code === "P2002") {
      const existing = await findByKey(db, input.workspaceId, key);
      if (existing) {
        checkSameAutomation(existing, input.automationId, key);
        return existingResult(existing);
      }
    }
    throw err;
  }
  signalRun(row.id);
  return { runId: row.id, status: row.status as RunStatus, created: true, versionNumber: prepared.versionNumber, isTest: input.test === true };
}

/**
 * createRun inside the caller's transaction (events: the Event row and its runs
 * commit together). A duplicate idempotency key throws the unique violation
 * (the transaction is then aborted); the caller signals the dispatcher with
 * `signalRun(runId)` after its transaction committed.
 */
export async function createRunInTx(tx: Prisma.TransactionClient | Tx, input: CreateRunInput, db: Db): Promise<CreateRunResult> {
  const prepared = await prepareRun(input, tx);
  if (prepared.existing) return prepared.existing;
  // Both transaction client types are the same object at run time.
  const row = await runControlFor(db).createRunInTx(tx as Prisma.TransactionClient, prepared.data, prepared.actor, prepared.reason);
  return { runId: row.id, status: row.status as RunStatus, created: true, versionNumber: prepared.versionNumber, isTest: input.test === true };
}
