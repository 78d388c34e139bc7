import { performance } from "node:perf_hooks";
import type { ResumeInfo } from "./contract";
import type { CompiledNode } from "./compiled-graph";
import { followHandle, markDone, openLoop } from "./planner";
import { continueHandle, stepRecord, variablesOf, type StepRecordInput } from "./records";
import { backoffDelayMs, canRetry } from "./retry";
import { afterChildWait, childCheckDelayMs, commit, deferPure, finish, finishCancelled, flushPending, frameItems, patch, type ExecuteResult, type RunCtx } from "./run-context";
import { doneKey, loopItemsKey, nodeIdempotencyKey, stepIdempotencyKey, type WaitingStep, type WorkItem } from "./state";
import { startStepGuard } from "./step-guard";
import { executeStep, prepareStep, type PreparedStep, type StepFailure, type StepOutcome } from "./step-runner";
import { capText, storeOutput } from "./truncate";
import type { JsonValue } from "./contract";
import type { RunPatch } from "./store";

/** A waiting step being executed again: with the resume info, or with the error that ended the wait. */
export interface ItemResume {
  waiting: WaitingStep;
  info?: ResumeInfo;
  error?: StepFailure;
}

const DEFAULT_RUNNING_AFTER_MS = 100;
const MAX_LOG_LINES = 100;

/** Console output of a step (code steps) is kept with the step record, after its warnings, as "console: …" lines. */
function consoleLines(logs: string[] | undefined): string[] {
  if (!logs?.length) return [];
  const lines = logs.slice(0, MAX_LOG_LINES).map((l) => `console: ${l.length > 500 ? `${l.slice(0, 500)}…` : l}`);
  if (logs.length > MAX_LOG_LINES) lines.push(`console: … ${logs.length - MAX_LOG_LINES} more lines not kept`);
  return lines;
}

/**
 * Executes one work item (one attempt of one node in one iteration) and commits
 * its StepRun together with the new run state. "continue" = the run goes on.
 */
export async function runItem(ctx: RunCtx, item: WorkItem, resume?: ItemResume): Promise<"continue" | ExecuteResult> {
  const { deps, state, run } = ctx;
  const node = ctx.plan.graph.nodes.get(item.n);
  if (!node) return finish(ctx, "FAILED", { error: `Node ${item.n} is not part of the graph this run executes`, errorCode: "GRAPH_INVALID" });
  const key = doneKey(item.n, item.i);
  const attempts = state.attempts[key] ?? { a: 1, f: 0 };
  const floor = ctx.attemptFloors?.get(key) ?? 0;
  const attempt = resume ? resume.waiting.attempt : Math.max(attempts.a, floor + 1);
  const startedAt = resume ? new Date(resume.waiting.startedAt) : ctx.now();
  const idempotencyKey = stepIdempotencyKey(run.id, item.n, item.i);
  // Deferred pure steps are committed before a step with effects outside the run executes.
  if (ctx.pending && (resume || node.def?.pure !== true)) {
    const flushed = await flushPending(ctx);
    if (flushed !== "continue") return flushed;
  }
  await loadLoopItems(ctx);
  const prepared: PreparedStep = prepareStep(ctx.plan.graph, node, state, run.triggerData, ctx.now(), frameItems(ctx));

  let outcome: StepOutcome;
  let existing = resume !== undefined;
  // A node may replace the recorded request with what it sent, secrets masked (NodeContext.recordRequest).
  let request: JsonValue = prepared.config;
  ctx.lastExecuteMs = 0;
  if (resume?.error) {
    outcome = { kind: "error", error: resume.error };
  } else {
    const base: Omit<StepRecordInput, "status" | "finishedAt"> = {
      workspaceId: run.workspaceId, node, item, idempotencyKey, attempt, request: prepared.config, warnings: prepared.warnings, startedAt, existing: false,
      limitBytes: deps.outputLimitBytes,
    };
    const guard = startStepGuard({
      store: deps.store,
      runId: run.id,
      token: ctx.token,
      leaseMs: deps.leaseMs,
      heartbeatMs: deps.heartbeatMs ?? Math.min(Math.floor(deps.leaseMs / 3), 2000),
      runningAfterMs: deps.runningRecordAfterMs ?? DEFAULT_RUNNING_AFTER_MS,
      runningRecord: resume ? null : () => stepRecord({ ...base, request, status: "RUNNING", finishedAt: null }),
      now: ctx.now,
      abort: (reason) => {
        if (!ctx.control.signal.aborted) ctx.control.abort(reason);
      },
      log: (message, err) => ctx.log.warn({ nodeId: node.id, error: String(err) }, message),
    });
    const te = performance.now();
    outcome = await executeStep({
      node,
      item,
      prepared,
      base: {
        workspaceId: run.workspaceId, automationId: run.automationId, runId: run.id,
        idempotencyKey: nodeIdempotencyKey(idempotencyKey, state.retries?.[key]), recordRequest: (r) => void (request = r),
      },
      attempt,
      services: deps.services,
      ...(resume?.info ? { resume: resume.info } : {}),
      runSignal: ctx.control.signal,
    });
    ctx.lastExecuteMs = performance.now() - te;
    if (await guard.stop()) existing = true;
  }
  if (ctx.log.isLevelEnabled("debug")) ctx.log.debug({ nodeId: node.id, iteration: item.i || undefined, attempt, outcome: outcome.kind, ms: Math.round(ctx.lastExecuteMs) }, "step executed");

  const finishedAt = ctx.now();
  const rec = (over: Partial<StepRecordInput> & Pick<StepRecordInput, "status">) =>
    stepRecord({
      workspaceId: run.workspaceId, node, item, idempotencyKey, attempt, request, warnings: prepared.warnings,
      startedAt, finishedAt, existing, limitBytes: deps.outputLimitBytes, ...over,
    });

  switch (outcome.kind) {
    case "aborted": {
      if (outcome.cause === "lease") return { kind: "lease-lost" };
      state.count += 1;
      state.failed += 1;
      return finishCancelled(ctx, rec({ status: "FAILED", error: { message: "Cancelled while the step was running", code: "CANCELLED" } }));
    }
    case "ok":
      return succeed(ctx, node, item, key, attempt, outcome.result, rec, prepared.warnings);
    case "wait":
      return pause(ctx, node, item, outcome.wait, attempt, startedAt, rec);
    case "error":
      return fail(ctx, node, item, key, outcome.error, attempts, attempt, rec);
  }
}

type Rec = (over: Partial<StepRecordInput> & Pick<StepRecordInput, "status">) => ReturnType<typeof stepRecord>;

/** Loads the item lists of open loops that this claim has not read yet (stored once, when the loop opened). */
async function loadLoopItems(ctx: RunCtx): Promise<void> {
  const missing = ctx.state.frames.filter((f) => f.ref && !f.items && !ctx.loopItems.has(f.ref)).map((f) => f.ref as string);
  if (missing.length === 0) return;
  const rows = await ctx.deps.store.loadData(ctx.run.id, missing);
  for (const key of missing) {
    const text = rows.get(key);
    ctx.loopItems.set(key, text ? (JSON.parse(text) as JsonValue[]) : []);
  }
}

/** Total size allowed for the run's variables (they are part of the state written with every step). */
export function varsLimitBytes(outputLimitBytes: number): number {
  return Math.max(1024 * 1024, 4 * outputLimitBytes);
}

/** Merges a step's variables, each capped at the output limit (truncated with the flag); false when the total is over the limit. */
function mergeVariables(ctx: RunCtx, vars: Record<string, JsonValue>, warnings: string[]): boolean {
  const limit = ctx.deps.outputLimitBytes;
  for (const [name, value] of Object.entries(vars)) {
    const stored = storeOutput(value, limit);
    ctx.state.vars[name] = stored.value;
    if (stored.truncated) warnings.push(`Variable "${name}" was larger than ${limit} bytes; it was truncated (truncated: true)`);
  }
  return JSON.stringify(ctx.state.vars).length <= varsLimitBytes(limit);
}

async function continueWith(ctx: RunCtx, step: ReturnType<typeof stepRecord>, extra: Partial<RunPatch> = {}, pure = false): Promise<"continue" | ExecuteResult> {
  // Nothing left to execute (no ready item, no open loop): the run's completion goes in this step's commit
  // instead of a commit of its own — one statement less per run. Like any finish, it reports COMPLETED
  // even if a cancel request arrived while this last step ran.
  if (ctx.state.queue.length === 0 && ctx.state.frames.length === 0 && extra.data === undefined) {
    return finish(ctx, "COMPLETED", { error: null, errorCode: null }, step);
  }
  if (pure && Object.keys(extra).every((k) => k === "data") && deferPure(ctx, step, extra.data)) return "continue";
  const r = await commit(ctx, patch(ctx, "RUNNING", extra), step);
  if (r === "ok") return "continue";
  if (r === "lost") return { kind: "lease-lost" };
  return finishCancelled(ctx, step);
}

async function succeed(
  ctx: RunCtx,
  node: CompiledNode,
  item: WorkItem,
  key: string,
  attempt: number,
  result: Extract<StepOutcome, { kind: "ok" }>["result"],
  rec: Rec,
  warnings: string[],
): Promise<"continue" | ExecuteResult> {
  const { state } = ctx;
  const stored = storeOutput(result.output, ctx.deps.outputLimitBytes);
  const varWarnings: string[] = [];
  const vars = variablesOf(node, result);
  if (vars) {
    const before = state.vars;
    state.vars = { ...before };
    if (!mergeVariables(ctx, vars, varWarnings)) {
      state.vars = before;
      const limit = varsLimitBytes(ctx.deps.outputLimitBytes);
      const error: StepFailure = { message: `The run's variables would exceed ${limit} bytes in total; keep large data in step outputs instead of variables`, code: "VARS_TOO_LARGE", retryable: false };
      return fail(ctx, node, item, key, error, state.attempts[key] ?? { a: 1, f: 0 }, attempt, rec);
    }
  }
  state.steps[node.id] = stored.value;
  delete state.attempts[key];
  state.waiting = undefined;
  markDone(state, item);
  state.count += 1;
  let handle: string | null = null;
  const extra: Partial<RunPatch> = {};
  if (result.iterate) {
    handle = result.handle ?? node.def?.handles[0]?.id ?? "next";
    // The item list is written once (RunData), not with every later step's state.
    const ref = loopItemsKey(item.n, item.i);
    ctx.loopItems.set(ref, result.iterate.items);
    extra.data = [{ key: ref, value: JSON.stringify(result.iterate.items) }];
    openLoop(state, ctx.plan.graph, item, handle, { ref, len: result.iterate.items.length }, result.iterate.then);
  } else if (!result.stop) {
    handle = result.handle ?? "next";
    followHandle(state, ctx.plan.graph, node.id, handle, item.i);
  }
  const step = rec({
    status: "SUCCEEDED",
    response: stored,
    handle,
    warnings: [...warnings, ...(result.warnings ?? []), ...varWarnings, ...consoleLines(result.logs)],
  });
  if (result.stop) {
    const failed = result.stop.status === "FAILED";
    const message = result.stop.message || `Stopped by "${node.name}"`;
    return finish(ctx, result.stop.status, failed ? { error: message, errorCode: "STOPPED" } : { error: null, errorCode: null }, step);
  }
  return continueWith(ctx, step, extra, node.def?.pure === true);
}

async function pause(
  ctx: RunCtx,
  node: CompiledNode,
  item: WorkItem,
  wait: Extract<StepOutcome, { kind: "wait" }>["wait"],
  attempt: number,
  startedAt: Date,
  rec: Rec,
): Promise<ExecuteResult> {
  const stored = storeOutput(wait.output ?? null, ctx.deps.outputLimitBytes);
  const step = rec({ status: "WAITING", response: stored, finishedAt: null, handle: null });
  const w: WaitingStep = { n: item.n, i: item.i, kind: wait.kind, attempt, startedAt: startedAt.getTime() };
  let extra;
  if (wait.kind === "until") {
    w.until = wait.until.getTime();
    extra = { wakeAt: wait.until, waitKind: "delay" };
  } else if (wait.kind === "child") {
    w.childRunId = wait.childRunId;
    // Safety timer: the child's finish wakes the parent at once; this only recovers a lost wake-up.
    extra = { waitKind: "child", wakeAt: new Date(ctx.now().getTime() + childCheckDelayMs(ctx.deps, 0)) };
  } else {
    if (wait.expiresAt) w.expiresAt = wait.expiresAt.getTime();
    extra = { wakeAt: wait.expiresAt ?? null, waitKind: "external", waitTokenHash: wait.tokenHash };
  }
  ctx.state.waiting = w;
  const status = wait.kind === "child" ? "WAITING_FOR_CHILD" : "PAUSED";
  const reason = wait.kind === "child" ? `waiting for child run ${wait.childRunId}` : undefined;
  const r = await commit(ctx, patch(ctx, status, extra, reason), step);
  if (r === "lost") return { kind: "lease-lost" };
  if (r === "cancel-requested") {
    ctx.state.waiting = undefined;
    return finishCancelled(ctx, { ...step, status: "FAILED", error: "Run cancelled while this step was starting to wait", errorCode: "CANCELLED", finishedAt: ctx.now() });
  }
  if (wait.kind === "child") await afterChildWait(ctx, wait.childRunId);
  return { kind: "paused", status, wakeAt: extra.wakeAt ?? null };
}

async function fail(
  ctx: RunCtx,
  node: CompiledNode,
  item: WorkItem,
  key: string,
  error: StepFailure,
  attempts: { a: number; f: number },
  attempt: number,
  rec: Rec,
): Promise<"continue" | ExecuteResult> {
  const { state } = ctx;
  const failures = attempts.f + 1;
  state.waiting = undefined;
  const response = error.output !== undefined ? storeOutput(error.output, ctx.deps.outputLimitBytes) : null;
  const step = rec({ status: "FAILED", error: { message: error.message, code: error.code }, handle: null, response });
  if (error.retryable && canRetry(node.settings.retry, failures)) {
    // The retry is a DB timer: the run goes back to QUEUED with wakeAt; no in-memory sleep.
    const wakeAt = new Date(ctx.now().getTime() + backoffDelayMs(node.settings.retry, failures));
    state.attempts[key] = { a: attempt + 1, f: failures };
    const r = await commit(ctx, patch(ctx, "QUEUED", { wakeAt, waitKind: "retry" }), step);
    if (r === "lost") return { kind: "lease-lost" };
    if (r === "cancel-requested") return finishCancelled(ctx, step);
    return { kind: "requeued", wakeAt };
  }
  delete state.attempts[key];
  state.count += 1;
  state.failed += 1;
  if (node.settings.continueOnError) {
    state.steps[node.id] = { error: capText(error.message, 8_000), errorCode: error.code };
    markDone(state, item);
    const handle = continueHandle(node);
    followHandle(state, ctx.plan.graph, node.id, handle, item.i);
    return continueWith(ctx, { ...step, handle });
  }
  const attemptsNote = failures > 1 ? ` (after ${failures} attempts)` : "";
  return finish(ctx, "FAILED", { error: `Step "${node.name}" failed${attemptsNote}: ${error.message}`, errorCode: error.code }, step);
}

