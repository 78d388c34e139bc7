import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { evaluateConditions } from "@/lib/conditions";
import { isFinishedRunStatus } from "@/lib/statuses";
import type { JsonValue, ResumeInfo } from "./contract";
import { GraphError } from "./compiled-graph";
import { createPlanCache, type ExecutablePlan } from "./graph-cache";
import { registerLocalRun } from "./local-control";
import { nextItem } from "./planner";
import type { EngineDeps } from "./ports";
import { commit, finish, finishCancelled, patch, waitForChildAgain, type BaseCtx, type ExecuteResult, type RunCtx } from "./run-context";
import { runItem, type ItemResume } from "./run-item";
import { failCrashLoop, isTransientStoreError } from "./recovery";
import { doneKey, needsStepOutputs, type RunState } from "./state";
import { StepAbort, type StepFailure } from "./step-runner";
import type { ClaimedRun, RunPatch } from "./store";

export type { ExecuteResult, RunCtx } from "./run-context";

export interface ExecuteOptions {
  /** graceful stop: the run is handed back to the queue before its next step */
  stop?: AbortSignal;
}

export interface Engine {
  /** Claims this run if it is due, then executes it. */
  executeRun(runId: string, opts?: ExecuteOptions): Promise<ExecuteResult>;
  /** Claims the next due run (timers and takeovers first, then by priority and age); null when nothing is due. */
  claimNext(): Promise<ClaimedRun | null>;
  /** Claims this run if it is due (a queue job's wake-up, server/queue/bullmq.ts); null when it is not claimable. */
  claimRun(runId: string): Promise<ClaimedRun | null>;
  /** Executes a run claimed by claimNext. */
  execute(run: ClaimedRun, opts?: ExecuteOptions): Promise<ExecuteResult>;
  /**
   * Graceful stop, after the grace: hands a run this engine still executes back to the queue
   * (RunStore.release: QUEUED, lease cleared, the step in flight marked interrupted), then aborts
   * its step here (as a lost lease: nothing more is written). False when the lease was no longer ours.
   */
  handBack(run: ClaimedRun): Promise<boolean>;
}

export const DEFAULT_MAX_CLAIMS = 10;

/**
 * The run loop. Claims a run (lease), then executes ready nodes one at a time,
 * committing after every step, until the run finishes, pauses, is re-queued
 * (retry backoff, graceful stop) or loses its lease. Used by the embedded
 * dispatcher, the internal route handler and any other worker.
 */
export function createEngine(deps: EngineDeps): Engine {
  const planFor = createPlanCache(deps.store, deps.registry);
  const now = () => deps.clock?.now() ?? new Date();
  const claim = (runId?: string) => deps.store.claim(runId ? { runId } : {}, deps.owner, randomUUID(), deps.leaseMs, now());
  /** executions in progress, by lease token (one per claim) */
  const active = new Map<string, AbortController>();

  async function execute(run: ClaimedRun, opts: ExecuteOptions = {}): Promise<ExecuteResult> {
    const control = new AbortController();
    const unregister = registerLocalRun(run.id, control);
    active.set(run.leaseToken, control);
    const first: Partial<RunPatch> = run.startedAt ? {} : { startedAt: now() };
    const log = deps.logger.child({ runId: run.id });
    const ctx0: BaseCtx = {
      deps, log, now, run, token: run.leaseToken, state: run.state, control, firstCommit: first, leaseRenewAt: now().getTime() + deps.leaseMs / 3, loopItems: new Map(),
    };
    try {
      let plan: ExecutablePlan | undefined;
      try {
        plan = await planFor(run);
      } catch (err) {
        if (!(err instanceof GraphError)) throw err;
        return await finish(ctx0, "FAILED", { error: `The automation cannot run: ${err.message}`, errorCode: "GRAPH_INVALID" });
      }
      const ctx: RunCtx = { ...ctx0, plan };
      if (run.prevStatus === "RUNNING") {
        const taken = await deps.store.takeOver(run.id, run.leaseToken, now());
        if (!taken.ok) return { kind: "lease-lost" };
        log.info({ takeovers: run.takeovers, interrupted: taken.interrupted.length }, "took over a run whose lease expired");
        ctx.attemptFloors = attemptFloors(run.id, taken.highestAttempts);
        if (run.takeovers >= (deps.maxClaims ?? DEFAULT_MAX_CLAIMS)) return await failCrashLoop(ctx, taken.interrupted);
      }
      if (needsStepOutputs(ctx.state)) await loadStepOutputs(ctx);
      const result = await drive(ctx, opts.stop);
      if (log.isLevelEnabled("debug")) log.debug({ result: result.kind, ...("status" in result ? { status: result.status } : {}), steps: ctx.state.count }, "run executed");
      return result;
    } catch (err) {
      // Lost connections and busy databases leave the run to its lease (bounded by the takeover limit);
      // anything else (a constraint the commit broke, a value that cannot be stored) would fail the same way again.
      if (isTransientStoreError(err)) throw err;
      log.error({ err }, "run failed with an internal error");
      if (err instanceof RangeError) ctx0.state.vars = {};
      const message = err instanceof Error ? err.message : String(err);
      return finish(ctx0, "FAILED", { error: `Internal error while executing the run: ${message}`, errorCode: "INTERNAL_ERROR" });
    } finally {
      unregister();
      active.delete(run.leaseToken);
    }
  }

  return {
    async executeRun(runId, opts) {
      const run = await claim(runId);
      return run ? execute(run, opts) : { kind: "not-claimed" };
    },
    claimNext: () => claim(),
    claimRun: (runId) => claim(runId),
    execute,
    async handBack(run) {
      const reason = "handed back: the worker is shutting down and the step in flight did not finish within the grace period";
      const released = await deps.store.release(run.id, run.leaseToken, now(), `engine:${deps.owner}`, reason);
      const control = active.get(run.leaseToken);
      if (released.ok && control && !control.signal.aborted) control.abort(new StepAbort("lease", "The run was handed back (graceful shutdown)"));
      return released.ok;
    },
  };
}

/**
 * After a takeover, the next attempt of an interrupted or failed step is the
 * highest attempt recorded in the database + 1 (never a number from memory),
 * so a takeover that itself died before committing cannot make the next one
 * reuse an attempt number. Kept per claim, not in the state.
 */
function attemptFloors(runId: string, highest: Array<{ idempotencyKey: string; attempt: number }>): Map<string, number> {
  const floors = new Map<string, number>();
  const prefix = `${runId}:`;
  for (const r of highest) {
    if (!r.idempotencyKey.startsWith(prefix)) continue;
    const rest = r.idempotencyKey.slice(prefix.length);
    const sep = rest.indexOf(":");
    floors.set(doneKey(rest.slice(0, sep), rest.slice(sep + 1)), r.attempt);
  }
  return floors;
}

/** Step outputs are stored once, in their step rows; a run claimed again reads the newest one per node. */
async function loadStepOutputs(ctx: RunCtx): Promise<void> {
  for (const row of await ctx.deps.store.stepOutputs(ctx.run.id)) {
    if (row.status === "SUCCEEDED") ctx.state.steps[row.nodeId] = parseOutput(row.response);
    else ctx.state.steps[row.nodeId] = { error: row.error ?? "", errorCode: row.errorCode ?? "STEP_ERROR" };
  }
}

function parseOutput(text: string | null): JsonValue {
  if (!text) return null;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
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
  // Woken although the child is still running (the safety timer, or another child): wait again.
  return { result: await waitForChildAgain(ctx, w.childRunId as string) };
}

/** Graceful stop: the state is already committed; hand the run back to the queue. */
async function release(ctx: RunCtx): Promise<ExecuteResult> {
  const at = ctx.now();
  const r = await commit(ctx, patch(ctx, "QUEUED", { wakeAt: null }, "handed back: the worker is stopping"));
  if (r === "cancel-requested") return finishCancelled(ctx);
  return r === "ok" ? { kind: "requeued", wakeAt: at } : { kind: "lease-lost" };
}
