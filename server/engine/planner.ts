import type { JsonValue } from "./contract";
import type { CompiledGraph } from "./compiled-graph";
import { childIteration, doneKey, frameLength, type LoopFrame, type RunState, type WorkItem } from "./state";

/**
 * Pure scheduling over the run state (no I/O). Rules:
 * - Ready items run one at a time, lowest topological index first, so a node
 *   reached by several branches runs after every branch that can still reach it.
 * - Merge rule: a node runs at most once per iteration path; a second path
 *   reaching it in the same iteration is ignored.
 * - Loops run sequentially: the innermost open loop's current iteration is
 *   finished before its next item starts and before anything outside the loop.
 *   The body is the subgraph reachable from the loop's item handle; after the
 *   last item the loop's `then` handle (e.g. "done") is followed at the loop's own iteration.
 */

/** Iteration path that is currently executing ("" outside loops). */
export function activeIteration(state: RunState): string {
  const top = state.frames[state.frames.length - 1];
  return top ? childIteration(top.i, top.idx) : "";
}

export function enqueue(state: RunState, g: CompiledGraph, nodeId: string, iteration: string): void {
  if (!g.nodes.has(nodeId)) return;
  const key = doneKey(nodeId, iteration);
  if (state.done.includes(key)) return;
  if (state.queue.some((q) => q.n === nodeId && q.i === iteration)) return;
  state.queue.push({ n: nodeId, i: iteration });
}

export function followHandle(state: RunState, g: CompiledGraph, nodeId: string, handle: string, iteration: string): void {
  const targets = g.nodes.get(nodeId)?.out.get(handle) ?? [];
  for (const t of targets) enqueue(state, g, t, iteration);
}

function pruneIteration(state: RunState, iteration: string): void {
  const suffix = `@${iteration}`;
  const nested = `@${iteration}.`;
  state.done = state.done.filter((k) => !k.endsWith(suffix) && !k.includes(nested));
}

/**
 * The next item to execute, advancing finished loop iterations on the way
 * (mutates `state`; the change is persisted with the next commit). null = nothing left.
 */
export function nextItem(state: RunState, g: CompiledGraph): WorkItem | null {
  for (;;) {
    const active = activeIteration(state);
    let best: WorkItem | null = null;
    let bestTopo = Infinity;
    for (const item of state.queue) {
      if (item.i !== active) continue;
      const topo = g.nodes.get(item.n)?.topo ?? Infinity;
      if (topo < bestTopo) {
        best = item;
        bestTopo = topo;
      }
    }
    if (best) return best;
    const top = state.frames[state.frames.length - 1];
    if (!top) return null;
    // The current iteration of the innermost loop is finished.
    pruneIteration(state, active);
    top.idx += 1;
    if (top.idx < frameLength(top)) {
      followHandle(state, g, top.n, top.body, childIteration(top.i, top.idx));
      continue;
    }
    state.frames.pop();
    followHandle(state, g, top.n, top.then, top.i);
  }
}

/** The item list of a frame (loaded once per claim by the executor). */
export type FrameItems = (frame: LoopFrame) => readonly JsonValue[];

/** Loop scope for an item: the innermost open loop's current item. */
export function loopScope(state: RunState, itemsOf: FrameItems): { item: JsonValue; index: number } | undefined {
  const top = state.frames[state.frames.length - 1];
  return top ? { item: itemsOf(top)[top.idx] ?? null, index: top.idx } : undefined;
}

/** Marks an item complete and removes it from the queue. */
export function markDone(state: RunState, item: WorkItem): void {
  state.queue = state.queue.filter((q) => !(q.n === item.n && q.i === item.i));
  const key = doneKey(item.n, item.i);
  if (!state.done.includes(key)) state.done.push(key);
}

/** Opens a loop at `item` over `len` items stored under `ref`: its body (behind `handle`) runs once per element, then `then` is followed. */
export function openLoop(state: RunState, g: CompiledGraph, item: WorkItem, handle: string, list: { ref: string; len: number }, then: string): void {
  state.frames.push({ n: item.n, i: item.i, ref: list.ref, len: list.len, idx: 0, body: handle, then });
  if (list.len > 0) followHandle(state, g, item.n, handle, childIteration(item.i, 0));
}
