import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { evaluateConditions } from "@/lib/conditions";
import { isFinishedRunStatus } from "@/lib/statuses";
import type { ResumeInfo } from "./contract";
import { GraphError } from "./compiled-graph";
import { createPlanCache, type ExecutablePlan } from "./graph-cache";
import { registerLocalRun } from "./local-control";
import { nextItem } from "./planner";
import type { EngineDeps } from "./ports";
import { commit, finish, finishCancelled, patch, waitForChildAgain, type BaseCtx, type ExecuteResult, type RunCtx } from "./run-context";
import { runItem, type ItemResume } from "./run-item";
import { doneKey, type RunState } from "./state";
import { StepAbort, type StepFailure } from "./step-runner";
import type { RunPatch } from "./store";

export type { ExecuteResult, RunCtx } from "./run-context";

export interface Engine {
  executeRun(runId: string, opts?: { stop?: AbortSignal }): Promise<ExecuteResult>;
}

/**
 * The run loop. Claims a run (lease), then executes ready nodes one at a time,
 * committing after every step, until the run finishes, pauses, is re-queued
 * (retry backoff, graceful stop) or loses its lease. Used by the embedded
 * dispatcher, the internal route handler and any other worker.
 */
export function createEngine(deps: EngineDeps): Engine {
  const planFor = createPlanCache(deps.store, deps.registry);
  const now = () => deps.clock?.now() ?? new Date();

  return {
    async executeRun(runId, opts = {}) {
      const token = randomUUID();
      const run = await deps.store.claim(runId, deps.owner, token, deps.leaseMs, now());
      if (!run) return { kind: "not-claimed" };
      const control = new AbortController();
      const unregister = registerLocalRun(runId, control);
      try {
        let plan: ExecutablePlan;
        const first: Partial<RunPatch> = run.startedAt ? {} : { startedAt: now() };
        const ctx0: BaseCtx = { deps, now, run, token, state: run.state, control, firstCommit: first, leaseRenewAt: now().getTime() + deps.leaseMs / 3 };
        try {
          plan = await planFor(run);
        } catch (err) {
          if (!(err instanceof GraphError)) throw err;
          return finish(ctx0, "FAILED", { error: `The automation cannot run: ${err.message}`, errorCode: "GRAPH_INVALID" });
        }
        const ctx: RunCtx = { ...ctx0, plan };
        if (run.prevStatus === "RUNNING") await recoverInterrupted(ctx);
        return await drive(ctx, opts.stop);
      } finally {
        unregister();
      }
    },
  };
}

async function recoverInterrupted(ctx: RunCtx): Promise<void> {
  const rows = await ctx.deps.store.markInterrupted(ctx.run.id, ctx.now());
  const prefix = `${ctx.run.id}:`;
  for (const r of rows) {
    if (!r.idempotencyKey.startsWith(prefix)) continue;
    const rest = r.idempotencyKey.slice(prefix.length);
    const sep = rest.indexOf(":");
    const key = doneKey(rest.slice(0, sep), rest.slice(sep + 1));
    const prev = ctx.state.attempts[key] ?? { a: 1, f: 0 };
    // The interrupted attempt keeps its row; the retry is the next attempt and does not use up the retry budget.
    ctx.state.attempts[key] = { a: Math.max(prev.a, r.attempt + 1), f: prev.f };
  }
}

async function drive(ctx: RunCtx, stop: AbortSignal | undefined): Promise<ExecuteResult> {
  const { state, run } = ctx;
  if (run.cancelRequested) return finishCancelled(ctx);

  if (!state.started) {
    const evaluation = evaluateConditions(ctx.plan.conditions, run.triggerData);
    ctx.firstCommit = { ...ctx.firstCommit, conditionsResult: JSON.stringify(evaluation) };
    if (!evaluation.passed) return finish(ctx, "SKIPPED", { error: null, errorCode: null });
    state.started = true;
    state.queue = [{ n: ctx.plan.graph.triggerId, i: "" }];
  }

  for (;;) {
    if (ctx.control.signal.aborted) {
      const reason: unknown = ctx.control.signal.reason;
      if (reason instanceof StepAbort && reason.cause === "lease") return { kind: "lease-lost" };
      return finishCancelled(ctx);
    }
    if (stop?.aborted) return release(ctx);

    let resume: ItemResume | undefined;
    const w = state.waiting;
    if (w) {
      const r = await resumeOf(ctx, w);
      if ("result" in r) return r.result;
      resume = r.resume;
    }
    const t0 = performance.now();
    const item = resume ? { n: resume.waiting.n, i: resume.waiting.i } : nextItem(state, ctx.plan.graph);
    if (!item) return finish(ctx, "COMPLETED", { error: null, errorCode: null });
    const outcome = await runItem(ctx, item, resume);
    ctx.deps.onStepTiming?.({ totalMs: performance.now() - t0, executeMs: ctx.lastExecuteMs ?? 0 });
    if (outcome !== "continue") return outcome;
  }
}

/** What a waiting step resumes with; or a result when the run must stay paused. */
async function resumeOf(
  ctx: RunCtx,
  w: NonNullable<RunState["waiting"]>,
): Promise<{ resume: ItemResume } | { result: ExecuteResult }> {
  if (w.kind === "until") return { resume: { waiting: w, info: { kind: "until" } } };
  if (w.kind === "external") {
    if (w.resumed) return { resume: { waiting: w, info: { kind: "external", payload: w.payload ?? null } } };
    const when = w.expiresAt ? new Date(w.expiresAt).toISOString() : "its deadline";
    const error: StepFailure = { message: `Nobody resumed this step before ${when}`, code: "WAIT_EXPIRED", retryable: false };
    return { resume: { waiting: w, error } };
  }
  const child = w.childRunId ? await ctx.deps.store.childResult(w.childRunId) : null;
  if (!child) {
    const error: StepFailure = { message: `Child run ${w.childRunId ?? "(none)"} no longer exists`, code: "CHILD_NOT_FOUND", retryable: false };
    return { resume: { waiting: w, error } };
  }
  if (isFinishedRunStatus(child.status)) {
    const info: ResumeInfo = { kind: "child", childRunId: w.childRunId as string, status: child.status, output: child.output, error: child.error };
    return { resume: { waiting: w, info } };
  }
  // Woken although the child is still running (e.g. by another child): wait again.
  return { result: await waitForChildAgain(ctx, w.childRunId as string) };
}

/** Graceful stop: the state is already committed; hand the run back to the queue. */
async function release(ctx: RunCtx): Promise<ExecuteResult> {
  const at = ctx.now();
  const r = await commit(ctx, patch(ctx, "QUEUED", { wakeAt: null }));
  if (r === "cancel-requested") return finishCancelled(ctx);
  return r === "ok" ? { kind: "requeued", wakeAt: at } : { kind: "lease-lost" };
}
