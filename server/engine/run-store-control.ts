import { providerOfDb, type Db, type DbOrTx } from "@/server/db";
import type { Prisma } from "@/server/db/generated/sqlite/client";
import { isFinishedRunStatus, type RunStatus } from "@/lib/statuses";
import type { JsonValue } from "./contract";
import { requestLocalCancel } from "./local-control";
import { sqliteRunCreator } from "./run-create-sqlite";
import { TRIGGER_DATA_KEY, eventInsert, isStoredTriggerData, splitTriggerData } from "./run-store-sql";
import { parseState, serializeState } from "./state";
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
  /** WAITING_FOR_CHILD → QUEUED (the child finished or was cancelled). */
  wakeParent(parentRunId: string, childRunId: string): Promise<boolean>;
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
          await record(tx, runId, { from: row.status as RunStatus, to: "CANCELLED", actor, reason: "cancelled" });
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
