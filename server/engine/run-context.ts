import { buildStepsScope } from "@/lib/templates";
import { isFinishedRunStatus, type RunStatus } from "@/lib/statuses";
import type { JsonValue } from "./contract";
import type { ExecutablePlan } from "./graph-cache";
import type { EngineDeps } from "./ports";
import { serializeState, type RunState } from "./state";
import type { ClaimedRun, CommitResult, RunPatch, StepRecord } from "./store";

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
}

export interface RunCtx extends BaseCtx {
  plan: ExecutablePlan;
}

export async function waitForChildAgain(ctx: BaseCtx, childRunId: string): Promise<ExecuteResult> {
  const r = await commit(ctx, patch(ctx, "WAITING_FOR_CHILD", { waitKind: "child" }));
  if (r !== "ok") return r === "lost" ? { kind: "lease-lost" } : finishCancelled(ctx);
  await afterChildWait(ctx, childRunId);
  return { kind: "paused", status: "WAITING_FOR_CHILD", wakeAt: null };
}

/** The child may have finished before the parent's WAITING_FOR_CHILD was committed: check after the commit. */
export async function afterChildWait(ctx: BaseCtx, childRunId: string): Promise<void> {
  const child = await ctx.deps.store.childResult(childRunId);
  if (child && isFinishedRunStatus(child.status)) {
    if (await ctx.deps.store.wakeParent(ctx.run.id)) ctx.deps.wake?.(ctx.run.id);
  }
}

/** Run patch for the current state; RUNNING renews the lease, anything else releases it. */
export function patch(ctx: BaseCtx, status: RunStatus, extra: Partial<RunPatch> = {}): RunPatch {
  const base = { state: serializeState(ctx.state), stepCount: ctx.state.count, failedStepCount: ctx.state.failed };
  if (status === "RUNNING") {
    // The run stays claimed: status/timers are unchanged since the claim; renew the lease only when a third of it is used.
    const now = ctx.now().getTime();
    const renew = now >= ctx.leaseRenewAt;
    if (renew) ctx.leaseRenewAt = now + ctx.deps.leaseMs / 3;
    return { ...base, releaseLease: false, ...(renew ? { leaseExpiresAt: new Date(now + ctx.deps.leaseMs) } : {}), ...(ctx.firstCommit ?? {}), ...extra };
  }
  return { ...base, status, wakeAt: null, waitKind: null, releaseLease: true, ...(ctx.firstCommit ?? {}), ...extra };
}

/** Fenced commit; the first successful commit also writes startedAt / conditionsResult. */
export async function commit(ctx: BaseCtx, p: RunPatch, step?: StepRecord, opts?: { ignoreCancel?: boolean }): Promise<CommitResult> {
  const r = await ctx.deps.store.commit(ctx.run.id, ctx.token, p, step, opts);
  if (r === "ok") ctx.firstCommit = null;
  return r;
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
    ctx.state.result = { vars: ctx.state.vars, steps: byName as Record<string, JsonValue> };
  }
  const p = patch(ctx, status, { finishedAt: ctx.now(), error: info.error, errorCode: info.errorCode });
  // A run that reached its end reports how it ended, even if a cancel request arrived meanwhile.
  const r = await commit(ctx, p, step, { ignoreCancel: true });
  if (r !== "ok") return { kind: "lease-lost" };
  if (ctx.run.parentRunId && (await ctx.deps.store.wakeParent(ctx.run.parentRunId))) ctx.deps.wake?.(ctx.run.parentRunId);
  return { kind: "finished", status };
}

export function finishCancelled(ctx: BaseCtx, step?: StepRecord): Promise<ExecuteResult> {
  return finish(ctx, "CANCELLED", { error: "Cancelled", errorCode: "CANCELLED" }, step);
}

