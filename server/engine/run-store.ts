import { providerOfDb, sqliteConnectionOf, type Db } from "@/server/db";
import { isFinishedRunStatus, type RunStatus } from "@/lib/statuses";
import { doneKey, parseState, serializeState } from "./state";
import { RUN_WAKEUP_CHANNEL, runControlFor } from "./run-store-control";
import { createSqliteHotPath } from "./run-store-sqlite";
import { createPostgresHotPath } from "./run-store-pg";
import {
  CLAIM_COLUMNS_SQL, HANDED_BACK_ERROR, INTERRUPTED_ERROR, STEP_OUTPUTS_SQL, asDate, claimOrder, claimReason, claimedRunFromRow, dataUpsert, dueQueued, dueTimers,
  eventInsert, fence, isClaimable, runSets, stepWrite, takeoversAfter,
} from "./run-store-sql";
import { Prisma } from "@/server/db/generated/sqlite/client";
import { runEventFor, runEventInsert } from "./platform-events";
import { stepList, type ChildResult, type CommitResult, type ReleaseResult, type RunStore, type StepOutputRow, type TakeoverResult } from "./store";

/**
 * The run store: the only part of the engine that knows the database (this file
 * and its run-store-*.ts helpers). Portable implementation through Prisma: the
 * hot path (claim, per-step commit, heartbeat) uses raw SQL valid on SQLite and
 * PostgreSQL (quoted identifiers, bound parameters) to skip the ORM's per-query
 * planning. Provider-specific hot paths replace a few methods:
 * run-store-sqlite.ts (direct better-sqlite3 statements) and run-store-pg.ts
 * (single-statement claim with FOR UPDATE SKIP LOCKED, and commit).
 *
 * Fencing: every write of a claimed run is conditioned on its lease token
 * (`WHERE id = ? AND leaseToken = ?`); the step row, data rows and the
 * transition are written only when that update matched, in the same
 * transaction. A fenced-out commit writes nothing.
 */
export interface RunStoreOptions {
  /** Use the provider's hot path (default true). */
  hotPath?: boolean;
}

const stores = new WeakMap<Db, RunStore>();

/** The run store for a client made by createDb (its provider picks the hot path); cached per client. */
export function runStoreFor(db: Db): RunStore {
  let s = stores.get(db);
  if (!s) {
    s = createRunStore(db);
    stores.set(db, s);
  }
  return s;
}

export function createRunStore(db: Db, opts: RunStoreOptions = {}): RunStore {
  const store = createPrismaRunStore(db);
  if (opts.hotPath === false) return store;
  const provider = providerOfDb(db);
  if (provider === "sqlite") {
    const connection = async () => {
      const conn = await sqliteConnectionOf(db);
      if (!conn) throw new Error("The SQLite client has no connection");
      return conn;
    };
    return { ...store, ...createSqliteHotPath(connection, store) };
  }
  if (provider === "postgresql") return { ...store, ...createPostgresHotPath(db, (runId, token) => fenceOutcomeOf(db, runId, token)) };
  return store;
}

async function fenceOutcomeOf(db: Db, runId: string, token: string): Promise<CommitResult> {
  const row = await db.run.findUnique({ where: { id: runId }, select: { leaseToken: true, cancelRequested: true } });
  return row && row.leaseToken === token && row.cancelRequested ? "cancel-requested" : "lost";
}

function createPrismaRunStore(db: Db): RunStore {
  const fenceOutcome = (runId: string, token: string) => fenceOutcomeOf(db, runId, token);

  return {
    async claim(target, owner, token, leaseMs, now) {
      const cols = Prisma.raw(`${CLAIM_COLUMNS_SQL}, "wakeAt", "leaseExpiresAt"`);
      return db.$transaction(async (tx) => {
        let row: Record<string, unknown> | undefined;
        if (target.runId) {
          row = (await tx.$queryRaw<Array<Record<string, unknown>>>`SELECT ${cols} FROM "Run" WHERE "id" = ${target.runId}`)[0];
        } else {
          row = (await tx.$queryRaw<Array<Record<string, unknown>>>`SELECT ${cols} FROM "Run" WHERE ${dueTimers(now)} ${claimOrder}`)[0];
          row ??= (await tx.$queryRaw<Array<Record<string, unknown>>>`SELECT ${cols} FROM "Run" WHERE ${dueQueued(now)} ${claimOrder}`)[0];
        }
        if (!row) return null;
        const runId = row.id as string;
        const prev = row.status as RunStatus;
        if (!isClaimable(prev, asDate(row.wakeAt), asDate(row.leaseExpiresAt), now)) return null;
        const takeovers = takeoversAfter(prev, row.takeovers);
        // Pinned on status and claimCount: a run that changed in between (even back to the same status) is not claimed with a stale state.
        const claimed = await tx.$executeRaw`
          UPDATE "Run" SET "status" = 'RUNNING', "leaseOwner" = ${owner}, "leaseToken" = ${token},
            "leaseExpiresAt" = ${new Date(now.getTime() + leaseMs)}, "wakeAt" = NULL, "waitKind" = NULL,
            "claimCount" = "claimCount" + 1, "takeovers" = ${takeovers}, "updatedAt" = ${now}
          WHERE "id" = ${runId} AND "status" = ${prev} AND "claimCount" = ${row.claimCount as number}`;
        if (claimed !== 1) return null;
        await tx.$executeRaw(eventInsert(runId, { from: prev, to: "RUNNING", actor: `engine:${owner}`, reason: claimReason(prev, owner, takeovers) }, now));
        return claimedRunFromRow(runId, row, prev, token, takeovers);
      });
    },

    async loadVersion(versionId) {
      return db.automationVersion.findUnique({ where: { id: versionId }, select: { graph: true, conditions: true } });
    },

    async commit(runId, token, patch, steps, opts) {
      const now = new Date();
      const where = fence(runId, token, opts?.ignoreCancel === true);
      const matched = await db.$transaction(async (tx) => {
        const n = await tx.$executeRaw`UPDATE "Run" SET ${runSets(patch, now)} WHERE ${where}`;
        if (n !== 1) return false;
        for (const d of patch.data ?? []) await tx.$executeRaw(dataUpsert(runId, d.key, d.value, now));
        for (const step of stepList(steps)) await tx.$executeRaw(stepWrite(runId, step));
        if (patch.transition) await tx.$executeRaw(eventInsert(runId, patch.transition, now));
        const event = runEventFor(patch.transition, patch, now);
        if (event) await tx.$executeRaw(runEventInsert(runId, event, now));
        return true;
      });
      return matched ? "ok" : fenceOutcome(runId, token);
    },

    async heartbeat(runId, token, leaseMs, now) {
      const n = await db.$executeRaw`
        UPDATE "Run" SET "leaseExpiresAt" = ${new Date(now.getTime() + leaseMs)} WHERE ${fence(runId, token, false)}`;
      return n === 1 ? "ok" : fenceOutcome(runId, token);
    },

    async recordRunning(runId, token, step) {
      return db.$transaction(async (tx) => {
        const n = await tx.$executeRaw`UPDATE "Run" SET "leaseOwner" = "leaseOwner" WHERE ${fence(runId, token, true)}`;
        if (n === 1) await tx.$executeRaw(stepWrite(runId, { ...step, existing: false }));
        return n === 1;
      });
    },

    async takeOver(runId, token, now): Promise<TakeoverResult> {
      return db.$transaction(async (tx) => {
        // Fence first (and lock the row on PostgreSQL): a claimer that lost the lease meanwhile writes nothing.
        const n = await tx.$executeRaw`UPDATE "Run" SET "leaseOwner" = "leaseOwner" WHERE ${fence(runId, token, true)}`;
        if (n !== 1) return { ok: false, interrupted: [], highestAttempts: [] };
        const running = await tx.stepRun.findMany({
          where: { runId, status: "RUNNING" },
          select: { id: true, idempotencyKey: true, attempt: true, nodeId: true, iteration: true, startedAt: true },
        });
        for (const r of running) {
          await tx.stepRun.update({
            where: { id: r.id },
            data: { status: "FAILED", errorCode: "INTERRUPTED", error: INTERRUPTED_ERROR, finishedAt: now, durationMs: Math.max(0, now.getTime() - r.startedAt.getTime()) },
          });
        }
        const highest = await tx.stepRun.groupBy({ by: ["idempotencyKey"], where: { runId, status: { in: ["FAILED", "RUNNING"] } }, _max: { attempt: true } });
        return {
          ok: true,
          interrupted: running.map((r) => ({ idempotencyKey: r.idempotencyKey, attempt: r.attempt, nodeId: r.nodeId, iteration: r.iteration })),
          highestAttempts: highest.map((h) => ({ idempotencyKey: h.idempotencyKey, attempt: h._max.attempt ?? 0 })),
        };
      });
    },

    async release(runId, token, now, actor, reason): Promise<ReleaseResult> {
      return db.$transaction(async (tx) => {
        // Fence first (and lock the row on PostgreSQL); only a run this lease still executes is handed back.
        const n = await tx.$executeRaw`UPDATE "Run" SET "leaseOwner" = "leaseOwner" WHERE ${fence(runId, token, true)} AND "status" = 'RUNNING'`;
        if (n !== 1) return { ok: false, interrupted: [] };
        const row = await tx.run.findUniqueOrThrow({ where: { id: runId }, select: { state: true } });
        const running = await tx.stepRun.findMany({
          where: { runId, status: "RUNNING" },
          select: { id: true, attempt: true, nodeId: true, iteration: true, startedAt: true },
        });
        const state = parseState(row.state);
        for (const r of running) {
          await tx.stepRun.update({
            where: { id: r.id },
            data: { status: "FAILED", errorCode: "INTERRUPTED", error: HANDED_BACK_ERROR, finishedAt: now, durationMs: Math.max(0, now.getTime() - r.startedAt.getTime()) },
          });
          // Interrupted, not failed: the retry budget is unchanged, the attempt number moves on (like a takeover's floor).
          const key = doneKey(r.nodeId, r.iteration);
          const cur = state.attempts[key];
          state.attempts[key] = { a: Math.max(cur?.a ?? 1, r.attempt + 1), f: cur?.f ?? 0 };
        }
        await tx.$executeRaw`
          UPDATE "Run" SET "status" = 'QUEUED', "state" = ${serializeState(state)}, "leaseOwner" = NULL, "leaseToken" = NULL,
            "leaseExpiresAt" = NULL, "wakeAt" = NULL, "waitKind" = NULL, "updatedAt" = ${now}
          WHERE "id" = ${runId}`;
        await tx.$executeRaw(eventInsert(runId, { from: "RUNNING", to: "QUEUED", actor, reason }, now));
        // Workers in other processes claim it at once (delivered at commit).
        if (providerOfDb(db) === "postgresql") await tx.$queryRaw`SELECT CAST(pg_notify(${RUN_WAKEUP_CHANNEL}, ${runId}) AS TEXT) AS "sent"`;
        return { ok: true, interrupted: running.map((r) => ({ nodeId: r.nodeId, iteration: r.iteration, attempt: r.attempt })) };
      });
    },

    async loadData(runId, keys) {
      if (keys.length === 0) return new Map();
      const rows = await db.runData.findMany({ where: { runId, key: { in: [...keys] } }, select: { key: true, value: true } });
      return new Map(rows.map((r) => [r.key, r.value]));
    },

    async stepOutputs(runId) {
      return db.$queryRaw<StepOutputRow[]>(new Prisma.Sql(STEP_OUTPUTS_SQL.split("?"), [runId]));
    },

    async childResult(childRunId) {
      const row = await db.run.findUnique({ where: { id: childRunId }, select: { status: true, state: true, error: true } });
      if (!row) return null;
      const status = row.status as RunStatus;
      if (!isFinishedRunStatus(status)) return { status, output: null, error: null } satisfies ChildResult;
      const state = parseState(row.state);
      return { status, output: state.result ?? { vars: state.vars }, error: row.error };
    },

    wakeParent: (parentRunId, childRunId) => runControlFor(db).wakeParent(parentRunId, childRunId),
  };
}
