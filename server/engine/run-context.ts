import type { Logger } from "pino";
import { buildStepsScope } from "@/lib/templates";
import { isFinishedRunStatus, type RunStatus } from "@/lib/statuses";
import type { JsonValue } from "./contract";
import type { ExecutablePlan } from "./graph-cache";
import type { EngineDeps } from "./ports";
import { serializeState, type LoopFrame, type RunState } from "./state";
import type { ClaimedRun, CommitResult, RunPatch, StepRecord } from "./store";
import { capText, storeOutput } from "./truncate";

/** Per-claim context of the run loop and the commits it makes. */
export type ExecuteResult =
  | { kind: "not-claimed" }
  | { kind: "finished"; status: RunStatus }
  | { kind: "paused"; status: "PAUSED" | "WAITING_FOR_CHILD"; wakeAt: Date | null }
  | { kind: "requeued"; wakeAt: Date }
  | { kind: "lease-lost" };

/** What commits need; `plan` is absent when the run's graph cannot be loaded. */
export interface BaseCtx {
  deps: EngineDeps;
  /** deps.logger with this run's `runId` bound */
  log: Logger;
  now: () => Date;
  run: ClaimedRun;
  token: string;
  plan?: ExecutablePlan;
  state: RunState;
  /** aborted with a StepAbort on cancel or lease loss */
  control: AbortController;
  /** first-commit extras: startedAt, conditions result */
  firstCommit: Partial<RunPatch> | null;
  /** epoch ms after which the next RUNNING commit renews the lease */
  leaseRenewAt: number;
  /** node execute time of the last step (bench timing) */
  lastExecuteMs?: number;
  /** after a takeover: highest attempt recorded per step key (the next attempt is one more) */
  attemptFloors?: Map<string, number>;
  /** item lists of open loops, by RunData key (stored once, loaded once per claim) */
  loopItems: Map<string, JsonValue[]>;
  /** finished pure steps not committed yet: they go with the next commit (see deferPure) */
  pending?: PendingSteps | null;
}

export interface PendingSteps {
  steps: StepRecord[];
  data: NonNullable<RunPatch["data"]>;
  /** epoch ms of the first deferred step */
  since: number;
}

/** at most this many pure steps, or this long, before a commit is forced */
const MAX_PENDING_STEPS = 32;
const MAX_PENDING_MS = 200;

export interface RunCtx extends BaseCtx {
  plan: ExecutablePlan;
}

/** Safety timer of a parent waiting for a child: the child's finish wakes it at once; this only finds a lost wake-up. */
export function childCheckDelayMs(deps: EngineDeps, checks: number): number {
  const base = deps.childCheckMs ?? 30_000;
  return Math.min(base * 2 ** Math.min(checks, 10), Math.max(base, 600_000));
}

export async function waitForChildAgain(ctx: BaseCtx, childRunId: string): Promise<ExecuteResult> {
  const w = ctx.state.waiting;
  const checks = (w?.checks ?? 0) + 1;
  if (w) w.checks = checks;
  const wakeAt = new Date(ctx.now().getTime() + childCheckDelayMs(ctx.deps, checks));
  const r = await commit(ctx, patch(ctx, "WAITING_FOR_CHILD", { waitKind: "child", wakeAt }, `waiting for child run ${childRunId}`));
  if (r !== "ok") return r === "lost" ? { kind: "lease-lost" } : finishCancelled(ctx);
  await afterChildWait(ctx, childRunId);
  return { kind: "paused", status: "WAITING_FOR_CHILD", wakeAt };
}

/** The child may have finished before the parent's WAITING_FOR_CHILD was committed: check after the commit. */
export async function afterChildWait(ctx: BaseCtx, childRunId: string): Promise<void> {
  const child = await ctx.deps.store.childResult(childRunId);
  if (child && isFinishedRunStatus(child.status)) {
    if (await ctx.deps.store.wakeParent(ctx.run.id, childRunId)) ctx.deps.wake?.(ctx.run.id);
  }
}

function defaultReason(status: RunStatus, extra: Partial<RunPatch>): string | null {
  if (extra.error) return extra.error;
  if (status === "QUEUED") return extra.waitKind === "retry" && extra.wakeAt ? `retry at ${extra.wakeAt.toISOString()}` : "handed back to the queue";
  if (status === "PAUSED") return extra.wakeAt ? `${extra.waitKind ?? "waiting"} until ${extra.wakeAt.toISOString()}` : (extra.waitKind ?? "waiting");
  return null;
}

/** Run patch for the current state; RUNNING renews the lease, anything else releases it and records the transition. */
export function patch(ctx: BaseCtx, status: RunStatus, extra: Partial<RunPatch> = {}, reason?: string): RunPatch {
  const base = { state: serializeState(ctx.state), stepCount: ctx.state.count, failedStepCount: ctx.state.failed };
  if (status === "RUNNING") {
    // The run stays claimed: status/timers are unchanged since the claim; renew the lease only when a third of it is used.
    const now = ctx.now().getTime();
    const renew = now >= ctx.leaseRenewAt;
    if (renew) ctx.leaseRenewAt = now + ctx.deps.leaseMs / 3;
    return { ...base, releaseLease: false, ...(renew ? { leaseExpiresAt: new Date(now + ctx.deps.leaseMs) } : {}), ...(ctx.firstCommit ?? {}), ...extra };
  }
  const transition = { from: "RUNNING" as const, to: status, actor: `engine:${ctx.deps.owner}`, reason: reason ?? defaultReason(status, extra) };
  return { ...base, status, wakeAt: null, waitKind: null, releaseLease: true, transition, ...(ctx.firstCommit ?? {}), ...extra };
}

/**
 * Fenced commit; the first successful commit also writes startedAt /
 * conditionsResult. Pure steps deferred since the last commit are written with
 * it (before `step`), so every commit leaves state and step rows consistent.
 */
export async function commit(ctx: BaseCtx, p: RunPatch, step?: StepRecord, opts?: { ignoreCancel?: boolean }): Promise<CommitResult> {
  const pending = ctx.pending;
  let steps: StepRecord | StepRecord[] | undefined = step;
  let full = p;
  if (pending) {
    steps = step ? [...pending.steps, step] : pending.steps;
    if (pending.data.length) full = { ...p, data: [...pending.data, ...(p.data ?? [])] };
  }
  const r = await ctx.deps.store.commit(ctx.run.id, ctx.token, full, steps, opts);
  if (r === "ok") {
    ctx.firstCommit = null;
    ctx.pending = null;
  }
  return r;
}

/**
 * Keeps a finished pure step (no effect outside the run) for the next commit
 * instead of committing now; false when a commit is due (too many or too old
 * pending steps). A crash before that commit loses nothing: the run is taken
 * over from its last commit and the pure steps execute again, identically. The
 * engine commits before executing any step that is not pure (flushPending).
 */
export function deferPure(ctx: BaseCtx, step: StepRecord, data: RunPatch["data"]): boolean {
  const now = ctx.now().getTime();
  const pending = (ctx.pending ??= { steps: [], data: [], since: now });
  if (pending.steps.length >= MAX_PENDING_STEPS || now - pending.since >= MAX_PENDING_MS) return false;
  pending.steps.push(step);
  if (data?.length) pending.data.push(...data);
  return true;
}

/** Commits the deferred pure steps, if any (before a step with effects executes). */
export async function flushPending(ctx: BaseCtx): Promise<"continue" | ExecuteResult> {
  if (!ctx.pending?.steps.length) return "continue";
  const r = await commit(ctx, patch(ctx, "RUNNING"));
  if (r === "ok") return "continue";
  if (r === "lost") return { kind: "lease-lost" };
  return finishCancelled(ctx);
}

export async function finish(
  ctx: BaseCtx,
  status: "COMPLETED" | "FAILED" | "SKIPPED" | "CANCELLED",
  info: { error: string | null; errorCode: string | null },
  step?: StepRecord,
): Promise<ExecuteResult> {
  ctx.state.waiting = undefined;
  if (ctx.run.parentRunId && ctx.plan) {
    const byName = buildStepsScope(ctx.plan.graph.list, ctx.state.steps);
    for (const n of ctx.plan.graph.list) if (n.id !== n.name) delete byName[n.id];
    // What the parent's step receives; capped like any step output.
    ctx.state.result = storeOutput({ vars: ctx.state.vars, steps: byName as Record<string, JsonValue> }, ctx.deps.outputLimitBytes).value;
  }
  const reason = info.errorCode && info.error ? `${info.errorCode}: ${info.error}` : status === "SKIPPED" ? "the automation's conditions were not met" : null;
  const error = info.error === null ? null : capText(info.error, 8_000);
  const p = patch(ctx, status, { finishedAt: ctx.now(), error, errorCode: info.errorCode, skippedStepCount: skippedNodes(ctx, status) }, reason ?? undefined);
  // A run that reached its end reports how it ended, even if a cancel request arrived meanwhile.
  const r = await commit(ctx, p, step, { ignoreCancel: true });
  if (r !== "ok") return { kind: "lease-lost" };
  if (ctx.run.parentRunId && (await ctx.deps.store.wakeParent(ctx.run.parentRunId, ctx.run.id))) ctx.deps.wake?.(ctx.run.parentRunId);
  return { kind: "finished", status };
}

/**
 * Run.skippedStepCount of a finishing run: the graph's nodes that never executed — branches
 * not taken when it COMPLETED, every node when its conditions SKIPPED it. A FAILED or
 * CANCELLED run stopped early: the nodes it did not reach were not skipped (0).
 * `state.steps` holds an output for every node that executed (loaded on each claim).
 */
export function skippedNodes(ctx: BaseCtx, status: "COMPLETED" | "FAILED" | "SKIPPED" | "CANCELLED"): number {
  if (!ctx.plan || (status !== "COMPLETED" && status !== "SKIPPED")) return 0;
  return ctx.plan.graph.list.filter((n) => !Object.hasOwn(ctx.state.steps, n.id)).length;
}

export function finishCancelled(ctx: BaseCtx, step?: StepRecord): Promise<ExecuteResult> {
  return finish(ctx, "CANCELLED", { error: "Cancelled", errorCode: "CANCELLED" }, step);
}

/** The item list of a loop frame: inline (older states) or loaded from RunData by the executor. */
export function frameItems(ctx: BaseCtx): (frame: LoopFrame) => readonly JsonValue[] {
  return (frame) => frame.items ?? (frame.ref ? ctx.loopItems.get(frame.ref) : undefined) ?? [];
}
