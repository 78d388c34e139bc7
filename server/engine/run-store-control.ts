import { providerOfDb, type Db, type DbOrTx } from "@/server/db";
import type { Prisma } from "@/server/db/generated/sqlite/client";
import { isFinishedRunStatus, type RunStatus } from "@/lib/statuses";
import type { JsonValue } from "./contract";
import { requestLocalCancel } from "./local-control";
import { sqliteRunCreator } from "./run-create-sqlite";
import { TRIGGER_DATA_KEY, eventInsert, isStoredTriggerData, splitTriggerData } from "./run-store-sql";
import { runEventFor, runEventInsert } from "./platform-events";
import { retryBlock } from "@/lib/runs/operations";
import { doneKey, parseState, serializeState, stepIdempotencyKey } from "./state";
import { storeOutput } from "./truncate";
import { env } from "@/server/env";
import type { RunTransition } from "./store";

/**
 * The engine's API for status changes that start outside a worker: creating a
 * run, cancelling it, resuming a paused step, waking a parent. Services call
 * these; they never write Run.status, leases or the engine's state themselves.
 * Every change is conditional (atomic), recorded in the run's history in the
 * same transaction, and (on PostgreSQL) announced with NOTIFY so a worker in
 * another process claims the run at once.
 */
export const RUN_WAKEUP_CHANNEL = "switchyard_runs";

type Tx = Prisma.TransactionClient;

export type NewRun = Omit<Prisma.RunUncheckedCreateInput, "status" | "state" | "id" | "createdAt" | "updatedAt">;

export type CancelOutcome =
  /** woken: parent runs queued again because the run they waited for is cancelled */
  | { kind: "cancelled"; runId: string; woken: string[] }
  | { kind: "requested"; runId: string }
  | { kind: "not-found" }
  | { kind: "finished"; status: RunStatus }
  | { kind: "busy" };

export type ResumeOutcome =
  | { kind: "resumed"; runId: string; nodeId: string }
  | { kind: "not-found" }
  | { kind: "not-waiting"; status: string };

export type RetryOutcome =
  /** steps: the failed step(s) executed again, with the attempt each gets */
  | { kind: "retried"; runId: string; steps: Array<{ nodeId: string; iteration: string; attempt: number }> }
  | { kind: "not-found" }
  /** not FAILED (any more): another retry won, or it never failed */
  | { kind: "not-failed"; status: string }
  | { kind: "not-retryable"; reason: string };

const IDLE: RunStatus[] = ["QUEUED", "PAUSED", "WAITING_FOR_CHILD"];

async function record(tx: Tx, runId: string, t: RunTransition): Promise<void> {
  await tx.$executeRaw(eventInsert(runId, t, new Date()));
}

/** Wakes workers in other processes (PostgreSQL); delivered when the transaction commits. */
async function notify(db: Db, tx: Tx, runId: string): Promise<void> {
  if (providerOfDb(db) === "postgresql") await tx.$queryRaw`SELECT CAST(pg_notify(${RUN_WAKEUP_CHANNEL}, ${runId}) AS TEXT) AS "sent"`;
}

export interface RunControl {
  /** Inserts a QUEUED run with its "created" history entry. Throws the database's unique-violation error for a duplicate idempotency key. */
  createRun(data: NewRun, actor: string, reason: string): Promise<{ id: string; status: RunStatus }>;
  /** The same inside the caller's transaction (e.g. with the Event row that started it); the NOTIFY is delivered at its commit. */
  createRunInTx(tx: Tx, data: NewRun, actor: string, reason: string): Promise<{ id: string; status: RunStatus }>;
  /** QUEUED/PAUSED/WAITING_FOR_CHILD → CANCELLED at once (and the child it waits for, recursively); RUNNING → cancel requested. */
  cancel(runId: string, workspaceId: string, actor: string): Promise<CancelOutcome>;
  /** PAUSED on an external wait with this token hash → QUEUED with the payload for the waiting step; exactly one caller wins. */
  resume(tokenHash: string, workspaceId: string | undefined, payload: JsonValue, actor: string): Promise<ResumeOutcome>;
  /**
   * FAILED → QUEUED: the same run continues from its failed step (see retryRun below); exactly one of
   * concurrent callers wins, the others get "not-failed".
   */
  retry(runId: string, workspaceId: string, actor: string, reason: string): Promise<RetryOutcome>;
  /** WAITING_FOR_CHILD → QUEUED (the child finished or was cancelled). */
  wakeParent(parentRunId: string, childRunId: string): Promise<boolean>;
  /**
   * In the caller's transaction: merges `note` into the recorded output of the WAITING step that the
   * run with this external wait token hash waits on (e.g. an approval's decisions so far). Writes that
   * one StepRun row only, conditional on it still WAITING: no run status, state or lease changes.
   * False when no step waits on the hash (not committed yet, resumed and finished, another workspace).
   */
  annotateWaitingStepInTx(tx: Tx, tokenHash: string, workspaceId: string, note: Record<string, JsonValue>): Promise<boolean>;
}

export function createRunControl(db: Db): RunControl {
  const control: RunControl = {
    async createRun(data, actor, reason) {
      // SQLite: without the ORM, grouped with runs created at the same moment (null while a Prisma transaction is open).
      const creator = providerOfDb(db) === "sqlite" ? await sqliteRunCreator(db) : null;
      const fast = creator ? await creator(data, actor, reason) : null;
      if (fast) return fast;
      return db.$transaction((tx) => control.createRunInTx(tx, data, actor, reason));
    },

    async createRunInTx(tx, data, actor, reason) {
      const { inline, stored } = splitTriggerData(typeof data.triggerData === "string" ? data.triggerData : "{}");
      const row = await tx.run.create({ data: { ...data, triggerData: inline, status: "QUEUED" }, select: { id: true, status: true } });
      if (stored !== null) await tx.runData.create({ data: { runId: row.id, key: TRIGGER_DATA_KEY, value: stored } });
      await record(tx, row.id, { from: null, to: "QUEUED", actor, reason });
      await notify(db, tx, row.id);
      return { id: row.id, status: row.status as RunStatus };
    },

    async cancel(runId, workspaceId, actor) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const now = new Date();
        const cancelled = await db.$transaction(async (tx) => {
          const row = await tx.run.findFirst({ where: { id: runId, workspaceId }, select: { status: true, state: true, parentRunId: true } });
          if (!row || !(IDLE as string[]).includes(row.status)) return null;
          const r = await tx.run.updateMany({
            where: { id: runId, workspaceId, status: row.status },
            data: {
              status: "CANCELLED", finishedAt: now, error: "Cancelled", errorCode: "CANCELLED", cancelRequested: true,
              wakeAt: null, waitKind: null, leaseOwner: null, leaseToken: null, leaseExpiresAt: null,
            },
          });
          if (r.count !== 1) return null;
          await tx.stepRun.updateMany({
            where: { runId, status: "WAITING" },
            data: { status: "FAILED", error: "Run cancelled while this step was waiting", errorCode: "CANCELLED", finishedAt: now },
          });
          const transition: RunTransition = { from: row.status as RunStatus, to: "CANCELLED", actor, reason: "cancelled" };
          await record(tx, runId, transition);
          const event = runEventFor(transition, { error: "Cancelled", errorCode: "CANCELLED", finishedAt: now }, now);
          if (event) await tx.$executeRaw(runEventInsert(runId, event, now));
          return { child: parseState(row.state).waiting?.childRunId ?? null, parentRunId: row.parentRunId };
        });
        if (cancelled) {
          const woken: string[] = [];
          // A run cancelled while waiting for a child takes that child down with it; fire-and-forget children keep running.
          if (cancelled.child) {
            const child = await control.cancel(cancelled.child, workspaceId, `run:${runId}`);
            if (child.kind === "cancelled") woken.push(...child.woken.filter((id) => id !== runId));
          }
          if (cancelled.parentRunId && (await control.wakeParent(cancelled.parentRunId, runId))) woken.push(cancelled.parentRunId);
          return { kind: "cancelled", runId, woken };
        }
        const requested = await db.$transaction(async (tx) => {
          const r = await tx.run.updateMany({ where: { id: runId, workspaceId, status: "RUNNING" }, data: { cancelRequested: true } });
          if (r.count === 1) await record(tx, runId, { from: "RUNNING", to: "RUNNING", actor, reason: "cancel requested: the run stops before its next step and aborts the step in flight" });
          return r.count === 1;
        });
        if (requested) {
          requestLocalCancel(runId);
          return { kind: "requested", runId };
        }
        const row = await db.run.findFirst({ where: { id: runId, workspaceId }, select: { status: true } });
        if (!row) return { kind: "not-found" };
        if (isFinishedRunStatus(row.status)) return { kind: "finished", status: row.status as RunStatus };
        // The status changed between the two updates (e.g. RUNNING → PAUSED): try again.
      }
      return { kind: "busy" };
    },

    async resume(tokenHash, workspaceId, payload, actor) {
      const row = await db.run.findFirst({
        where: { waitTokenHash: tokenHash, ...(workspaceId ? { workspaceId } : {}) },
        select: { id: true, status: true, waitKind: true, state: true, claimCount: true },
      });
      if (!row) return { kind: "not-found" };
      const state = parseState(row.state);
      if (row.status !== "PAUSED" || row.waitKind !== "external" || !state.waiting || state.waiting.kind !== "external") {
        return { kind: "not-waiting", status: row.status };
      }
      state.waiting = { ...state.waiting, resumed: true, payload };
      const nodeId = state.waiting.n;
      const updated = await db.$transaction(async (tx) => {
        const r = await tx.run.updateMany({
          where: { id: row.id, status: "PAUSED", waitKind: "external", waitTokenHash: tokenHash, claimCount: row.claimCount },
          data: { status: "QUEUED", waitKind: null, wakeAt: null, state: serializeState(state) },
        });
        if (r.count !== 1) return false;
        await record(tx, row.id, { from: "PAUSED", to: "QUEUED", actor, reason: `step ${nodeId} resumed` });
        await notify(db, tx, row.id);
        return true;
      });
      if (!updated) {
        const now = await db.run.findUnique({ where: { id: row.id }, select: { status: true } });
        return { kind: "not-waiting", status: now?.status ?? "unknown" };
      }
      return { kind: "resumed", runId: row.id, nodeId };
    },

    retry: (runId, workspaceId, actor, reason) => retryRun(db, runId, workspaceId, actor, reason),

    async annotateWaitingStepInTx(tx, tokenHash, workspaceId, note) {
      const run = await tx.run.findFirst({ where: { waitTokenHash: tokenHash, workspaceId }, select: { id: true, state: true } });
      if (!run) return false;
      const waiting = parseState(run.state).waiting;
      if (!waiting || waiting.kind !== "external") return false;
      const where = { runId: run.id, idempotencyKey: stepIdempotencyKey(run.id, waiting.n, waiting.i), attempt: waiting.attempt, status: "WAITING" };
      const step = await tx.stepRun.findFirst({ where, select: { response: true, responseTruncated: true } });
      if (!step) return false;
      let output: Record<string, JsonValue> = {};
      if (step.response && !step.responseTruncated) {
        try {
          const parsed = JSON.parse(step.response) as JsonValue;
          if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) output = parsed;
        } catch {
          // an unreadable output is replaced by the note
        }
      }
      const stored = storeOutput({ ...output, ...note }, env().STEP_OUTPUT_LIMIT_BYTES);
      const r = await tx.stepRun.updateMany({ where, data: { response: stored.text, responseTruncated: stored.truncated } });
      return r.count === 1;
    },

    async wakeParent(parentRunId, childRunId) {
      return db.$transaction(async (tx) => {
        const r = await tx.run.updateMany({ where: { id: parentRunId, status: "WAITING_FOR_CHILD" }, data: { status: "QUEUED", wakeAt: null, waitKind: null } });
        if (r.count !== 1) return false;
        await record(tx, parentRunId, { from: "WAITING_FOR_CHILD", to: "QUEUED", actor: `run:${childRunId}`, reason: "the child run finished" });
        await notify(db, tx, parentRunId);
        return true;
      });
    },
  };
  return control;
}

const controls = new WeakMap<Db, RunControl>();

/** The run control for a client (cached per client). */
export function runControlFor(db: Db): RunControl {
  let c = controls.get(db);
  if (!c) {
    c = createRunControl(db);
    controls.set(db, c);
  }
  return c;
}

/** A run's trigger data as JSON text, also when it was stored outside the run row (large payloads). */
export async function readTriggerData(db: DbOrTx, runId: string, stored: string): Promise<string> {
  if (!isStoredTriggerData(stored)) return stored;
  const row = await db.runData.findUnique({ where: { runId_key: { runId, key: TRIGGER_DATA_KEY } }, select: { value: true } });
  return row?.value ?? stored;
}

/** Failures whose step outcome was not counted in state.count/failed (the run failed outside a step). */
const UNCOUNTED_FAILURES = new Set(["INTERNAL_ERROR", "GRAPH_INVALID"]);

/**
 * Retry from the failed step. A step that fails for good stays in the state's
 * ready queue (it is never marked done), so the run re-enters exactly there:
 * inside the loop iteration or after the branch where it failed (frames, done
 * keys and the other queued items are kept as committed). This transition:
 * - gives each queued step that has recorded attempts the next attempt (highest
 *   recorded + 1) with a fresh retry budget, and a new node idempotency key
 *   (state.retries, see nodeIdempotencyKey);
 * - takes the failed outcome back out of the counters (the step executes again);
 * - resets the failure fields, the takeover counter (CRASH_LOOP runs) and any
 *   cancel flag; the run keeps its version (graph snapshot) and its step rows,
 *   earlier successful steps are not executed again (their outputs are read
 *   back from their StepRun rows, as on any claim).
 * Conditional on status FAILED and the claim count read (one winner), recorded
 * in RunEvent, announced with NOTIFY on PostgreSQL; the caller signals the local dispatcher.
 * INTERNAL_ERROR runs continue from the state committed when they failed.
 */
async function retryRun(db: Db, runId: string, workspaceId: string, actor: string, reason: string): Promise<RetryOutcome> {
  const row = await db.run.findFirst({
    where: { id: runId, workspaceId },
    select: { status: true, state: true, claimCount: true, errorCode: true, automation: { select: { status: true, archivedAt: true } } },
  });
  if (!row) return { kind: "not-found" };
  if (row.status !== "FAILED") return { kind: "not-failed", status: row.status };
  const blocked = retryBlock({ status: row.status, errorCode: row.errorCode, automation: { archived: row.automation.status === "ARCHIVED" || row.automation.archivedAt !== null, publishedVersion: null } });
  if (blocked) return { kind: "not-retryable", reason: blocked };

  const state = parseState(row.state);
  const keys = new Map(state.queue.map((q) => [stepIdempotencyKey(runId, q.n, q.i), q]));
  const outcome = await db.$transaction(async (tx) => {
    const rows = keys.size
      ? await tx.stepRun.findMany({ where: { runId, idempotencyKey: { in: [...keys.keys()] } }, select: { idempotencyKey: true, attempt: true, status: true }, orderBy: { attempt: "desc" } })
      : [];
    const latest = new Map<string, { attempt: number; status: string }>();
    for (const r of rows) if (!latest.has(r.idempotencyKey)) latest.set(r.idempotencyKey, r);
    const steps: Array<{ nodeId: string; iteration: string; attempt: number }> = [];
    let failedOutcome = false;
    for (const [idem, item] of keys) {
      const last = latest.get(idem);
      if (!last) continue;
      const key = doneKey(item.n, item.i);
      state.attempts[key] = { a: last.attempt + 1, f: 0 };
      state.retries = { ...state.retries, [key]: (state.retries?.[key] ?? 0) + 1 };
      if (last.status === "FAILED") failedOutcome = true;
      steps.push({ nodeId: item.n, iteration: item.i, attempt: last.attempt + 1 });
    }
    if (failedOutcome && !UNCOUNTED_FAILURES.has(row.errorCode ?? "")) {
      state.count = Math.max(0, state.count - 1);
      state.failed = Math.max(0, state.failed - 1);
    }
    state.waiting = undefined;
    const r = await tx.run.updateMany({
      where: { id: runId, workspaceId, status: "FAILED", claimCount: row.claimCount },
      data: {
        status: "QUEUED", state: serializeState(state), stepCount: state.count, failedStepCount: state.failed,
        error: null, errorCode: null, finishedAt: null, wakeAt: null, waitKind: null, waitTokenHash: null, cancelRequested: false, takeovers: 0,
        leaseOwner: null, leaseToken: null, leaseExpiresAt: null,
      },
    });
    if (r.count !== 1) return null;
    const at = steps.map((s) => `${s.nodeId}${s.iteration ? `@${s.iteration}` : ""} (attempt ${s.attempt})`).join(", ");
    await record(tx, runId, { from: "FAILED", to: "QUEUED", actor, reason: at ? `${reason}: retry from ${at}` : reason });
    await notify(db, tx, runId);
    return steps;
  });
  if (!outcome) {
    const now = await db.run.findUnique({ where: { id: runId }, select: { status: true } });
    return { kind: "not-failed", status: now?.status ?? "unknown" };
  }
  return { kind: "retried", runId, steps: outcome };
}
