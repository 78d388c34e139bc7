import type { Statement } from "better-sqlite3";
import { providerOfDb, sqliteConnectionOf, type Db } from "@/server/db";
import { isFinishedRunStatus } from "@/lib/statuses";
import { onRunResult, recentRunResult } from "@/server/runtime/run-results";

/**
 * Wait mode: resolves when the run has finished (the in-process completion
 * signal of the dispatcher; a slow fallback check covers runs executed by
 * another process) or when `timeoutMs` passed, with the run's status and the
 * output of its last Respond step.
 */
export interface RunAnswer {
  status: string;
  errorCode: string | null;
  respond: { status: number; headers: Record<string, string>; body: unknown } | null;
}

const FALLBACK_CHECK_MS = 500;

const RUN_SQL = `SELECT "status", "errorCode" FROM "Run" WHERE "id" = ?`;
const RESPOND_SQL = `SELECT "response" FROM "StepRun" WHERE "runId" = ? AND "nodeType" = 'respond' AND "status" = 'SUCCEEDED' ORDER BY "finishedAt" DESC, "startedAt" DESC LIMIT 1`;
const direct = new WeakMap<object, Promise<{ run: Statement; respond: Statement } | null>>();

/** SQLite: two prepared statements on Prisma's connection instead of two ORM queries (null while a Prisma transaction is open). */
async function directAnswer(db: Db, runId: string): Promise<RunAnswer | null | undefined> {
  let p = direct.get(db);
  if (!p) {
    p = (providerOfDb(db) === "sqlite" ? sqliteConnectionOf(db) : Promise.resolve(undefined)).then((conn) =>
      conn ? { run: conn.prepare(RUN_SQL), respond: conn.prepare(RESPOND_SQL) } : null,
    );
    direct.set(db, p);
  }
  const st = await p;
  if (!st || st.run.database.inTransaction) return undefined;
  const run = st.run.get(runId) as { status: string; errorCode: string | null } | undefined;
  if (!run || !isFinishedRunStatus(run.status)) return null;
  const step = st.respond.get(runId) as { response: string | null } | undefined;
  return { status: run.status, errorCode: run.errorCode, respond: step?.response ? parseRespond(step.response) : null };
}

async function finishedAnswer(db: Db, runId: string): Promise<RunAnswer | null> {
  const fast = await directAnswer(db, runId);
  if (fast !== undefined) return fast;
  const run = await db.run.findUnique({ where: { id: runId }, select: { status: true, errorCode: true } });
  if (!run || !isFinishedRunStatus(run.status)) return null;
  const step = await db.stepRun.findFirst({
    where: { runId, nodeType: "respond", status: "SUCCEEDED" },
    orderBy: [{ finishedAt: "desc" }, { startedAt: "desc" }],
    select: { response: true },
  });
  return { status: run.status, errorCode: run.errorCode, respond: step?.response ? parseRespond(step.response) : null };
}

function parseRespond(text: string): RunAnswer["respond"] {
  try {
    const v = JSON.parse(text) as { status?: unknown; headers?: unknown; body?: unknown };
    const status = typeof v.status === "number" && v.status >= 200 && v.status <= 599 ? v.status : 200;
    const headers: Record<string, string> = {};
    if (v.headers && typeof v.headers === "object") {
      for (const [k, val] of Object.entries(v.headers as Record<string, unknown>)) if (typeof val === "string") headers[k.toLowerCase()] = val;
    }
    return { status, headers, body: v.body ?? null };
  } catch {
    return null;
  }
}

/** `checkNow`: look at the database at once (e.g. a replayed request whose run may have finished long ago). */
export function waitForRunAnswer(db: Db, runId: string, timeoutMs: number, checkNow = false): Promise<RunAnswer | null> {
  return new Promise((resolve) => {
    let done = false;
    let checking = false;
    const finish = (answer: RunAnswer | null) => {
      if (done) return;
      done = true;
      unsubscribe();
      clearTimeout(timer);
      clearInterval(fallback);
      resolve(answer);
    };
    let again = false;
    const check = () => {
      if (done) return;
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      const next = () => {
        checking = false;
        if (again) {
          again = false;
          check();
        }
      };
      finishedAnswer(db, runId).then((a) => {
        if (a) finish(a);
        next();
      }, next);
    };
    const unsubscribe = onRunResult(runId, (event) => {
      if (event.kind === "finished") check();
    });
    const timer = setTimeout(() => finish(null), timeoutMs);
    const fallback = setInterval(check, FALLBACK_CHECK_MS);
    fallback.unref();
    // The run may already have finished before we subscribed (otherwise the signal or the fallback check tells us).
    if (checkNow || recentRunResult(runId)?.kind === "finished") check();
  });
}
