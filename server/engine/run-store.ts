import { providerOfDb, sqliteConnectionOf, type Db } from "@/server/db";
import { FINISHED_RUN_STATUSES, type RunStatus } from "@/lib/statuses";
import { parseState } from "./state";
import { createSqliteHotPath } from "./run-store-sqlite";
import { createPostgresHotPath } from "./run-store-pg";
import { asDate, claimedRunFromRow, empty, fence, isClaimable, join, runSets, sql, stepWrite } from "./run-store-sql";
import type { ChildResult, CommitResult, RunStore } from "./store";

/**
 * The run store: the only part of the engine that knows the database (this file
 * and its run-store-*.ts helpers). Portable implementation through Prisma: the
 * hot path (claim, per-step commit, heartbeat) uses raw SQL valid on SQLite and
 * PostgreSQL (quoted identifiers, bound parameters) to skip the ORM's per-query
 * planning; the rest uses the ORM. Provider-specific hot paths replace a few
 * methods: run-store-sqlite.ts (own better-sqlite3 connection) and
 * run-store-pg.ts (single-statement claim and commit).
 *
 * Fencing: every write of a claimed run is conditioned on its lease token
 * (`WHERE id = ? AND leaseToken = ?`); the step row is written only when that
 * update matched, in the same transaction. A fenced-out commit writes nothing
 * and never needs a rollback.
 */

const FINISHED = FINISHED_RUN_STATUSES as RunStatus[];

export interface RunStoreOptions {
  /** Use the provider's hot path (default true): SQLite direct statements, PostgreSQL single-statement claim/commit. */
  hotPath?: boolean;
}

/** The run store for a client made by createDb (its provider picks the hot path). */
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
    async claim(runId, owner, token, leaseMs, now) {
      const rows = await db.$queryRaw<Array<Record<string, unknown>>>`
        SELECT "id", "workspaceId", "automationId", "versionId", "graphSnapshot", "conditionsSnapshot", "triggerData", "state",
               "cancelRequested", "parentRunId", "status", "startedAt", "wakeAt", "leaseToken", "leaseExpiresAt"
        FROM "Run" WHERE "id" = ${runId}`;
      const row = rows[0];
      if (!row) return null;
      const status = row.status as RunStatus;
      const wakeAt = asDate(row.wakeAt);
      const leaseExpiresAt = asDate(row.leaseExpiresAt);
      if (!isClaimable(status, wakeAt, leaseExpiresAt, now)) return null;
      const guard =
        status === "QUEUED"
          ? sql`("wakeAt" IS NULL OR "wakeAt" <= ${now})`
          : status === "PAUSED"
            ? sql`"wakeAt" <= ${now}`
            : sql`"leaseToken" = ${row.leaseToken as string} AND "leaseExpiresAt" < ${now}`;
      const claimed = await db.$executeRaw`
        UPDATE "Run" SET "status" = 'RUNNING', "leaseOwner" = ${owner}, "leaseToken" = ${token},
          "leaseExpiresAt" = ${new Date(now.getTime() + leaseMs)}, "wakeAt" = NULL, "waitKind" = NULL, "claimCount" = "claimCount" + 1, "updatedAt" = ${now}
        WHERE "id" = ${runId} AND "status" = ${status} AND ${guard}`;
      if (claimed !== 1) return null;
      return claimedRunFromRow(runId, row, status, token);
    },

    async loadVersion(versionId) {
      return db.automationVersion.findUnique({ where: { id: versionId }, select: { graph: true, conditions: true } });
    },

    async commit(runId, token, patch, step, opts) {
      const now = new Date();
      const where = fence(runId, token, opts?.ignoreCancel === true);
      const matched = await db.$transaction(async (tx) => {
        const n = await tx.$executeRaw`UPDATE "Run" SET ${runSets(patch, now)} WHERE ${where}`;
        if (n === 1 && step) await tx.$executeRaw(stepWrite(runId, step));
        return n === 1;
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

    async markInterrupted(runId, now) {
      const rows = await db.stepRun.findMany({ where: { runId, status: "RUNNING" }, select: { id: true, idempotencyKey: true, attempt: true, startedAt: true } });
      for (const r of rows) {
        await db.stepRun.update({
          where: { id: r.id },
          data: {
            status: "FAILED",
            errorCode: "INTERRUPTED",
            error: "Interrupted: the worker stopped while this step was running; it is retried with the same idempotency key",
            finishedAt: now,
            durationMs: Math.max(0, now.getTime() - r.startedAt.getTime()),
          },
        });
      }
      return rows.map((r) => ({ idempotencyKey: r.idempotencyKey, attempt: r.attempt }));
    },

    async childResult(childRunId) {
      const row = await db.run.findUnique({ where: { id: childRunId }, select: { status: true, state: true, error: true } });
      if (!row) return null;
      const status = row.status as RunStatus;
      if (!FINISHED.includes(status)) return { status, output: null, error: null } satisfies ChildResult;
      const state = parseState(row.state);
      return { status, output: state.result ?? { vars: state.vars }, error: row.error };
    },

    async wakeParent(parentRunId) {
      const woke = await db.run.updateMany({ where: { id: parentRunId, status: "WAITING_FOR_CHILD" }, data: { status: "QUEUED", wakeAt: null } });
      return woke.count === 1;
    },

    async findDue(now, limit, exclude) {
      const notIn = exclude.length > 0 ? sql`AND "id" NOT IN (${join([...exclude])})` : empty;
      const rows = await db.$queryRaw<Array<{ id: string }>>`
        SELECT "id" FROM "Run"
        WHERE (("status" = 'QUEUED' AND ("wakeAt" IS NULL OR "wakeAt" <= ${now}))
           OR ("status" = 'PAUSED' AND "wakeAt" <= ${now})
           OR ("status" = 'RUNNING' AND "leaseExpiresAt" < ${now})) ${notIn}
        LIMIT ${limit}`;
      return rows.map((r) => r.id);
    },

    async findStrandedParents(limit) {
      const parents = await db.run.findMany({ where: { status: "WAITING_FOR_CHILD" }, select: { id: true, state: true }, take: limit });
      const waits = parents
        .map((p) => ({ id: p.id, child: parseState(p.state).waiting?.childRunId }))
        .filter((p): p is { id: string; child: string } => typeof p.child === "string");
      if (waits.length === 0) return [];
      const finished = await db.run.findMany({ where: { id: { in: waits.map((w) => w.child) }, status: { in: FINISHED } }, select: { id: true } });
      const done = new Set(finished.map((f) => f.id));
      return waits.filter((w) => done.has(w.child)).map((w) => w.id);
    },
  };
}
