import { finish, type ExecuteResult, type RunCtx } from "./run-context";
import { stepRecord } from "./records";
import { doneKey, stepIdempotencyKey, type WorkItem } from "./state";
import { nextItem } from "./planner";
import type { TakeoverResult } from "./store";

/**
 * Recovery rules of the run loop:
 * - a run taken over too many times in a row without committing anything fails
 *   with CRASH_LOOP instead of executing its step again (a step that kills its
 *   worker would otherwise repeat its side effect forever);
 * - store errors that a later attempt can get past (lost connections, a busy
 *   database) leave the run to its lease; every other error fails the run.
 */
export async function failCrashLoop(ctx: RunCtx, interrupted: TakeoverResult["interrupted"]): Promise<ExecuteResult> {
  const { state, run } = ctx;
  const last = interrupted[interrupted.length - 1];
  const item: WorkItem | null = last
    ? { n: last.nodeId, i: last.iteration }
    : state.waiting
      ? { n: state.waiting.n, i: state.waiting.i }
      : state.started
        ? nextItem(state, ctx.plan.graph)
        : null;
  const takeovers = run.takeovers;
  const message =
    `The run was taken over ${takeovers} times in a row without completing a step: each time, its worker stopped ` +
    `(crashed, was killed or lost its database) while running it. It is not executed again; check what this step does ` +
    `(e.g. exhausting memory), then retry the run.`;
  const node = item ? ctx.plan.graph.nodes.get(item.n) : undefined;
  ctx.log.warn({ takeovers, nodeId: item?.n }, "run failed with CRASH_LOOP: taken over too often without completing a step");
  let step;
  if (item && node) {
    const key = doneKey(item.n, item.i);
    const attempt = Math.max(state.attempts[key]?.a ?? 1, (ctx.attemptFloors?.get(key) ?? 0) + 1);
    const now = ctx.now();
    step = stepRecord({
      workspaceId: run.workspaceId, node, item, idempotencyKey: stepIdempotencyKey(run.id, item.n, item.i), attempt, status: "FAILED",
      request: null, error: { message, code: "CRASH_LOOP" }, warnings: [], startedAt: now, finishedAt: now, existing: false,
      limitBytes: ctx.deps.outputLimitBytes,
    });
    state.count += 1;
    state.failed += 1;
  }
  const where = node ? ` at step "${node.name}"` : "";
  return finish(ctx, "FAILED", { error: `Crash loop${where}: ${message}`, errorCode: "CRASH_LOOP" }, step);
}

const TRANSIENT_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN",
  "P1001", "P1002", "P1008", "P1017", "P2024",
  "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004",
  "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_TIMEOUT",
]);
const TRANSIENT_TEXT = /(ECONNREFUSED|ECONNRESET|connection (terminated|refused|closed|reset|lost)|Connection terminated|server closed the connection|database is locked|SQLITE_BUSY|timed out fetching a new connection|Can't reach database)/i;

export function isTransientStoreError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && TRANSIENT_CODES.has(code)) return true;
    const message = e instanceof Error ? e.message : typeof e === "string" ? e : "";
    if (TRANSIENT_TEXT.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
