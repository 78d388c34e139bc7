import type { Database, Statement } from "better-sqlite3";
import { withWriteLock } from "@/server/db/write-lock";
import type { RunStatus } from "@/lib/statuses";
import {
  CLAIM_COLUMNS_SQL, CLAIM_ORDER_SQL, DUE_QUEUED_SQL, DUE_TIMERS_SQL, STEP_KEY_COLUMNS, STEP_OUTPUTS_SQL, STEP_VALUE_COLUMNS, claimReason,
  INSERT_EVENT_SQL, UPSERT_DATA_SQL, claimedRunFromRow, eventParams, isClaimable, sqliteIso, sqliteValue, stepKeyValues, stepValues, takeoversAfter,
} from "./run-store-sql";
import { INSERT_RUN_EVENT_SQL, runEventFor, runEventParams } from "./platform-events";
import { stepList, type ClaimedRun, type CommitResult, type RunPatch, type RunStore, type RunTransition, type StepOutputRow, type StepRecord } from "./store";

/**
 * SQLite hot path of the run store (claim, per-step commit, heartbeat, due
 * scan) on Prisma's own better-sqlite3 connection (server/db sqliteConnectionOf),
 * without the ORM: cached prepared statements, each commit one synchronous
 * IMMEDIATE transaction. This removes the ORM's per-query overhead that
 * dominated per-step time.
 *
 * Sharing Prisma's connection (instead of opening a second one) means no lock
 * conflicts with Prisma transactions in this process (a second connection's
 * commits would make their read-then-write transactions fail with
 * SQLITE_BUSY_SNAPSHOT). While an interactive Prisma transaction is open on the
 * connection we wait (asynchronously) for it to finish, so engine writes never
 * run inside someone else's transaction; being synchronous, nothing can
 * interleave with ours. Values are written exactly as Prisma's adapter writes
 * them (DateTime as ISO-8601 text with "+00:00", booleans 0/1).
 */
type HotPath = Pick<RunStore, "claim" | "commit" | "heartbeat" | "recordRunning" | "stepOutputs">;
type Slow = Pick<RunStore, "claim" | "commit" | "heartbeat" | "recordRunning" | "stepOutputs">;

const iso = (d: Date | null | undefined): string | null => (d ? sqliteIso(d) : null);
const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(String(v)));
const BUSY_DEADLINE_MS = 15_000;
const IDLE_POLLS = 20;

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

/**
 * Runs `fn` synchronously when the connection is outside any transaction. If an
 * application transaction stays open (back-to-back transactions would starve
 * us), the operation goes through Prisma instead (`slow`), which queues fairly
 * on the adapter's transaction lock.
 */
async function whenIdle<T>(conn: Database, fn: () => T, slow: () => Promise<T>): Promise<T> {
  const start = Date.now();
  for (let i = 0; ; i++) {
    if (conn.inTransaction) {
      if (i >= IDLE_POLLS) return slow();
      await new Promise((r) => setImmediate(r));
      continue;
    }
    try {
      return withWriteLock(fn);
    } catch (err) {
      // Another process holds the write lock beyond the connection's busy timeout.
      if (!isBusy(err) || Date.now() - start > BUSY_DEADLINE_MS) throw err;
      await new Promise((r) => setTimeout(r, Math.min(1 + i, 25)));
    }
  }
}

type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Group commit: calls made in the same turn of the event loop (several runs
 * committing, or the dispatcher filling several slots) share ONE write
 * transaction, each call in a savepoint of its own, so a call that throws
 * leaves the others' writes intact and each caller gets its own result.
 * A transaction costs ~0.1 ms here however little it writes, and the engine
 * thread and the ingress take turns on the writer lock for each one.
 */
function grouped<A extends unknown[], R>(conn: Database, body: (...args: A) => R, slow: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  type Call = { args: A; resolve: (r: R) => void; reject: (e: unknown) => void };
  // Called inside the group's transaction, better-sqlite3 runs it as a savepoint.
  const one = conn.transaction(body);
  const all = conn.transaction((calls: Call[]): Outcome<R>[] =>
    calls.map((c) => {
      try {
        return { ok: true, value: one(...c.args) };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  );
  let queue: Call[] = [];
  const flush = async () => {
    const calls = queue;
    queue = [];
    try {
      const outcomes = await whenIdle(
        conn,
        () => all.immediate(calls),
        () => Promise.all(calls.map((c) => slow(...c.args).then((value): Outcome<R> => ({ ok: true, value }), (error: unknown): Outcome<R> => ({ ok: false, error })))),
      );
      outcomes.forEach((o, i) => (o.ok ? calls[i]!.resolve(o.value) : calls[i]!.reject(o.error)));
    } catch (err) {
      for (const c of calls) c.reject(err);
    }
  };
  return (...args) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ args, resolve, reject });
      if (queue.length === 1) setImmediate(() => void flush());
    });
}

const INSERT_STEP = `INSERT INTO "StepRun" (${[...STEP_KEY_COLUMNS, ...STEP_VALUE_COLUMNS].map((c) => `"${c}"`).join(", ")}) VALUES (${new Array(STEP_KEY_COLUMNS.length + STEP_VALUE_COLUMNS.length).fill("?").join(", ")})`;
const UPDATE_STEP = `UPDATE "StepRun" SET ${STEP_VALUE_COLUMNS.map((c) => `"${c}" = ?`).join(", ")} WHERE "runId" = ? AND "idempotencyKey" = ? AND "attempt" = ?`;

/** `connection` resolves Prisma's connection (it connects on first use); `slow` is the portable store used under contention. */
export function createSqliteHotPath(connection: () => Promise<Database>, slow: Slow): HotPath {
  let impl: Promise<HotPath> | undefined;
  const get = () => (impl ??= connection().then((conn) => buildHotPath(conn, slow)));
  return {
    claim: async (...a) => (await get()).claim(...a),
    stepOutputs: async (...a) => (await get()).stepOutputs(...a),
    commit: async (...a) => (await get()).commit(...a),
    heartbeat: async (...a) => (await get()).heartbeat(...a),
    recordRunning: async (...a) => (await get()).recordRunning(...a),
  };
}

function buildHotPath(conn: Database, slow: Slow): HotPath {
  const cache = new Map<string, Statement>();
  const stmt = (text: string) => {
    let s = cache.get(text);
    if (!s) {
      s = conn.prepare(text);
      // Prisma's adapter turns safe integers on for the connection; we want plain numbers.
      if (s.reader) s.safeIntegers(false);
      cache.set(text, s);
    }
    return s;
  };

  const fenceSql = (ignoreCancel: boolean) => (ignoreCancel ? `"id" = ? AND "leaseToken" = ?` : `"id" = ? AND "leaseToken" = ? AND "cancelRequested" = 0`);

  function writeStep(runId: string, s: StepRecord): void {
    const values = stepValues(s).map(sqliteValue);
    if (s.existing) stmt(UPDATE_STEP).run(...values, runId, s.idempotencyKey, s.attempt);
    else stmt(INSERT_STEP).run(...stepKeyValues(runId, s), ...values);
  }

  function writeEvent(runId: string, t: RunTransition, at: Date): void {
    stmt(INSERT_EVENT_SQL).run(...eventParams(runId, t, at).map(sqliteValue));
  }

  function runUpdate(p: RunPatch, now: Date): { sql: string; params: unknown[] } {
    const cols = [`"state" = ?`, `"stepCount" = ?`, `"failedStepCount" = ?`, `"takeovers" = 0`, `"updatedAt" = ?`];
    const params: unknown[] = [p.state, p.stepCount, p.failedStepCount, iso(now)];
    const opt = (col: string, v: unknown) => {
      cols.push(`"${col}" = ?`);
      params.push(v);
    };
    if (p.skippedStepCount !== undefined) opt("skippedStepCount", p.skippedStepCount);
    if (p.status !== undefined) opt("status", p.status);
    if (p.wakeAt !== undefined) opt("wakeAt", iso(p.wakeAt));
    if (p.waitKind !== undefined) opt("waitKind", p.waitKind);
    if (p.waitTokenHash !== undefined) opt("waitTokenHash", p.waitTokenHash);
    if (p.error !== undefined) opt("error", p.error);
    if (p.errorCode !== undefined) opt("errorCode", p.errorCode);
    if (p.startedAt !== undefined) opt("startedAt", iso(p.startedAt));
    if (p.finishedAt !== undefined) opt("finishedAt", iso(p.finishedAt));
    if (p.conditionsResult !== undefined) opt("conditionsResult", p.conditionsResult);
    if (p.leaseExpiresAt !== undefined) opt("leaseExpiresAt", iso(p.leaseExpiresAt));
    if (p.releaseLease) cols.push(`"leaseOwner" = NULL`, `"leaseToken" = NULL`, `"leaseExpiresAt" = NULL`);
    return { sql: `UPDATE "Run" SET ${cols.join(", ")} WHERE `, params };
  }

  function fenceOutcome(runId: string, token: string): CommitResult {
    const row = stmt(`SELECT "leaseToken", "cancelRequested" FROM "Run" WHERE "id" = ?`).get(runId) as
      | { leaseToken: string | null; cancelRequested: number }
      | undefined;
    return row && row.leaseToken === token && row.cancelRequested === 1 ? "cancel-requested" : "lost";
  }

  const commitBody = (runId: string, token: string, p: RunPatch, steps: readonly StepRecord[], ignoreCancel: boolean): boolean => {
    const now = new Date();
    const u = runUpdate(p, now);
    const changed = stmt(u.sql + fenceSql(ignoreCancel)).run(...u.params, runId, token).changes;
    if (changed !== 1) return false;
    for (const d of p.data ?? []) stmt(UPSERT_DATA_SQL).run(runId, d.key, d.value, iso(now));
    for (const step of steps) writeStep(runId, step);
    if (p.transition) writeEvent(runId, p.transition, now);
    const event = runEventFor(p.transition, p, now);
    if (event) stmt(INSERT_RUN_EVENT_SQL).run(...runEventParams(runId, event, now).map(sqliteValue));
    return true;
  };

  const claimBody = (runId: string | undefined, owner: string, token: string, leaseMs: number, now: Date): ClaimedRun | null => {
    const n = iso(now);
    const cols = `${CLAIM_COLUMNS_SQL}, "wakeAt", "leaseExpiresAt"`;
    let row: Record<string, unknown> | undefined;
    if (runId) {
      row = stmt(`SELECT ${cols} FROM "Run" WHERE "id" = ?`).get(runId) as Record<string, unknown> | undefined;
      if (row && !isClaimable(row.status as RunStatus, date(row.wakeAt), date(row.leaseExpiresAt), now)) return null;
    } else {
      row = stmt(`SELECT ${cols} FROM "Run" WHERE ${DUE_TIMERS_SQL} ${CLAIM_ORDER_SQL}`).get(n, n) as Record<string, unknown> | undefined;
      row ??= stmt(`SELECT ${cols} FROM "Run" WHERE ${DUE_QUEUED_SQL} ${CLAIM_ORDER_SQL}`).get(n) as Record<string, unknown> | undefined;
    }
    if (!row) return null;
    const id = row.id as string;
    const prev = row.status as RunStatus;
    const takeovers = takeoversAfter(prev, row.takeovers);
    // Same transaction as the read: nobody can change the row in between.
    stmt(
      `UPDATE "Run" SET "status" = 'RUNNING', "leaseOwner" = ?, "leaseToken" = ?, "leaseExpiresAt" = ?, "wakeAt" = NULL, "waitKind" = NULL,
         "claimCount" = "claimCount" + 1, "takeovers" = ?, "updatedAt" = ? WHERE "id" = ?`,
    ).run(owner, token, iso(new Date(now.getTime() + leaseMs)), takeovers, n, id);
    writeEvent(id, { from: prev, to: "RUNNING", actor: `engine:${owner}`, reason: claimReason(prev, owner, takeovers) }, now);
    return claimedRunFromRow(id, row, prev, token, takeovers);
  };

  const claim = grouped(conn, claimBody, (runId, owner, token, leaseMs, now) => slow.claim(runId ? { runId } : {}, owner, token, leaseMs, now));
  const commit = grouped(
    conn,
    commitBody,
    async (runId, token, p, steps, ignoreCancel) => (await slow.commit(runId, token, p, steps, { ignoreCancel })) === "ok",
  );

  const recordTx = conn.transaction((runId: string, token: string, step: StepRecord) => {
    const ok = stmt(`SELECT 1 AS ok FROM "Run" WHERE ${fenceSql(true)}`).get(runId, token) !== undefined;
    if (ok) writeStep(runId, { ...step, existing: false });
    return ok;
  });

  return {
    claim: (target, owner, token, leaseMs, now) => claim(target.runId, owner, token, leaseMs, now),
    // A read only: harmless even inside another flow's open transaction.
    stepOutputs: async (runId) => stmt(STEP_OUTPUTS_SQL).all(runId) as StepOutputRow[],
    async commit(runId, token, patch, steps, opts) {
      const list = stepList(steps);
      const ok = await commit(runId, token, patch, list, opts?.ignoreCancel === true);
      return ok ? "ok" : fenceOutcome(runId, token);
    },
    async heartbeat(runId, token, leaseMs, now) {
      const sql = `UPDATE "Run" SET "leaseExpiresAt" = ? WHERE ${fenceSql(false)}`;
      const changed = await whenIdle(
        conn,
        () => stmt(sql).run(iso(new Date(now.getTime() + leaseMs)), runId, token).changes,
        async () => ((await slow.heartbeat(runId, token, leaseMs, now)) === "ok" ? 1 : 0),
      );
      return changed === 1 ? "ok" : fenceOutcome(runId, token);
    },
    recordRunning: (runId, token, step) => whenIdle(conn, () => recordTx.immediate(runId, token, step), () => slow.recordRunning(runId, token, step)),
  };
}
