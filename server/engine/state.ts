import { z } from "zod";
import type { JsonValue } from "./contract";

/**
 * The engine's durable run state (Run.state, JSON text). Everything needed to
 * continue a run after a restart lives here or in rows written once; the state
 * is rewritten in the same transaction as every StepRun, so it holds only
 * small control data and the variables (each capped at the output limit):
 *
 * - step outputs (`steps`) are not part of the stored text: each is stored once,
 *   in its StepRun row, and read back from there when a run is claimed again
 *   (RunStore.stepOutputs). Older states that still carry `steps` are honoured.
 * - a loop's item list is stored once (RunData row `ref`); the frame keeps its length.
 * - `queue`: ready work items (node id + loop iteration path), run in graph topological order.
 * - `done`: completed "<nodeId>@<iteration>" keys of the iterations still active (merge rule:
 *   a node reached by several paths runs once per iteration). Keys of finished loop iterations are pruned.
 * - `frames`: open loops, innermost last.
 * - `attempts`: per step key, the next attempt number and how many attempts failed (retry budget).
 * - `waiting`: the step that paused the run (delay, child run, external resume).
 * - `retries`: per step key, how many times an admin retried the run from that failed step
 *   (RunControl.retry); the step then hands nodes the idempotency key + `:retry-<n>`.
 */
const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

const itemSchema = z.object({ n: z.string(), i: z.string() });
export type WorkItem = z.infer<typeof itemSchema>;

const frameSchema = z.object({
  /** loop node id */
  n: z.string(),
  /** iteration path of the loop node itself */
  i: z.string(),
  /** RunData key of the item list (written once when the loop opened) */
  ref: z.string().optional(),
  /** number of items */
  len: z.number().int().optional(),
  /** item list inline (states written before RunData existed) */
  items: z.array(jsonValue).optional(),
  idx: z.number().int(),
  /** handle whose subgraph is the loop body */
  body: z.string(),
  /** handle followed after the last item */
  then: z.string(),
});
export type LoopFrame = z.infer<typeof frameSchema>;

const waitingSchema = z.object({
  n: z.string(),
  i: z.string(),
  kind: z.enum(["until", "child", "external"]),
  attempt: z.number().int(),
  /** epoch ms when the step first started (duration covers the wait) */
  startedAt: z.number(),
  childRunId: z.string().optional(),
  until: z.number().optional(),
  expiresAt: z.number().optional(),
  /** set by resumeRun */
  resumed: z.boolean().optional(),
  /** child waits: how many times the safety timer found the child still running */
  checks: z.number().int().optional(),
  payload: jsonValue.optional(),
});
export type WaitingStep = z.infer<typeof waitingSchema>;

export const runStateSchema = z.object({
  v: z.literal(1),
  started: z.boolean(),
  vars: z.record(z.string(), jsonValue),
  steps: z.record(z.string(), jsonValue).default({}),
  queue: z.array(itemSchema),
  done: z.array(z.string()),
  frames: z.array(frameSchema),
  attempts: z.record(z.string(), z.object({ a: z.number().int(), f: z.number().int() })),
  waiting: waitingSchema.optional(),
  count: z.number().int(),
  failed: z.number().int(),
  /** manual retries from a failed step, per step key ("<nodeId>@<iteration>") */
  retries: z.record(z.string(), z.number().int()).optional(),
  /** what a parent run sees when this run finishes: { vars, steps (by node name) } */
  result: jsonValue.optional(),
});
export type RunState = z.infer<typeof runStateSchema>;

export function initialState(): RunState {
  return { v: 1, started: false, vars: {}, steps: {}, queue: [], done: [], frames: [], attempts: {}, count: 0, failed: 0 };
}

/**
 * Parses Run.state. The text was written by this engine, so the full zod check
 * is skipped on the hot path (shape check only); `{}` (a fresh run) becomes the initial state.
 */
export function parseState(text: string): RunState {
  const raw = JSON.parse(text) as unknown;
  if (raw && typeof raw === "object" && (raw as { v?: unknown }).v === 1) {
    const state = raw as RunState;
    state.steps ??= {};
    return state;
  }
  if (raw && typeof raw === "object" && Object.keys(raw).length === 0) return initialState();
  return runStateSchema.parse(raw);
}

/** The stored text: everything but the step outputs (they live in their StepRun rows). */
export function serializeState(state: RunState): string {
  const { steps: _steps, ...stored } = state;
  return JSON.stringify(stored);
}

/** Whether the step outputs must be read back from the step rows (a run that already executed steps, stored without them). */
export function needsStepOutputs(state: RunState): boolean {
  return state.started && state.count > 0 && Object.keys(state.steps).length === 0;
}

/** Number of items of a loop frame. */
export function frameLength(f: LoopFrame): number {
  return f.len ?? f.items?.length ?? 0;
}

/** RunData key of the item list of the loop node `n` at iteration `i`. */
export function loopItemsKey(n: string, i: string): string {
  return `loop:${n}@${i}`;
}

/** Iteration path of item `idx` inside a loop whose node ran at `parent`. */
export function childIteration(parent: string, idx: number): string {
  return parent === "" ? String(idx) : `${parent}.${idx}`;
}

export function doneKey(nodeId: string, iteration: string): string {
  return `${nodeId}@${iteration}`;
}

/** `<runId>:<nodeId>:<iteration>`: the same on every attempt and after a crash. */
export function stepIdempotencyKey(runId: string, nodeId: string, iteration: string): string {
  return `${runId}:${nodeId}:${iteration}`;
}

/**
 * The key a node receives: the step's key, the same on every automatic attempt and
 * after a crash; after a manual retry of the run from this step (`retried` > 0) a new
 * key (`…:retry-<n>`), since the user asks for a new request to the outside world
 * (a child run is started again instead of finding the failed one, a receiver that
 * remembered the failure under the old key sees a new request).
 */
export function nodeIdempotencyKey(stepKey: string, retried: number | undefined): string {
  return retried ? `${stepKey}:retry-${retried}` : stepKey;
}
