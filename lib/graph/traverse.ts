import { isTriggerType } from "../nodes/registry";
import type { Graph, GraphEdge, GraphNode } from "./schema";

/**
 * Read-only graph walks. Edges whose source or target does not exist are ignored,
 * so these are safe on graphs that validateGraph would reject.
 */

export class GraphCycleError extends Error {
  constructor(readonly nodeIds: string[]) {
    super(`The graph has a cycle through: ${nodeIds.join(", ")}`);
    this.name = "GraphCycleError";
  }
}

function nodeIdSet(graph: Graph): Set<string> {
  return new Set(graph.nodes.map((n) => n.id));
}

function validEdges(graph: Graph): GraphEdge[] {
  const ids = nodeIdSet(graph);
  return graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
}

/** Adjacency list of target ids per source id (valid edges only, de-duplicated, edge order kept). */
export function successorsMap(graph: Graph): Map<string, string[]> {
  const map = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const edge of validEdges(graph)) {
    const list = map.get(edge.source)!;
    if (!list.includes(edge.target)) list.push(edge.target);
  }
  return map;
}

/** The first node whose type is a trigger (validateGraph guarantees exactly one). */
export function findTrigger(graph: Graph): GraphNode | undefined {
  return graph.nodes.find((n) => isTriggerType(n.type));
}

/** Edges leaving a node, optionally only those on one handle. */
export function outgoing(graph: Graph, nodeId: string, handle?: string): GraphEdge[] {
  return graph.edges.filter((e) => e.source === nodeId && (handle === undefined || e.sourceHandle === handle));
}

/** Edges entering a node. */
export function incoming(graph: Graph, nodeId: string): GraphEdge[] {
  return graph.edges.filter((e) => e.target === nodeId);
}

/**
 * Node ids in dependency order (Kahn's algorithm; ties keep the order of graph.nodes).
 * Throws GraphCycleError naming the nodes left on a cycle.
 */
export function topologicalOrder(graph: Graph): string[] {
  const succ = successorsMap(graph);
  const indegree = new Map<string, number>(graph.nodes.map((n) => [n.id, 0]));
  for (const targets of succ.values()) for (const t of targets) indegree.set(t, (indegree.get(t) ?? 0) + 1);
  const position = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const ready = graph.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const id = ready.shift()!;
    order.push(id);
    for (const t of succ.get(id) ?? []) {
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0) ready.push(t);
    }
  }
  if (order.length < graph.nodes.length) {
    const done = new Set(order);
    throw new GraphCycleError(graph.nodes.filter((n) => !done.has(n.id)).map((n) => n.id));
  }
  return order;
}

/** Each elementary cycle found by depth-first search, as node ids in edge order (first id not repeated). */
export function findCycles(graph: Graph): string[][] {
  const succ = successorsMap(graph);
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();

  const visit = (id: string) => {
    state.set(id, "visiting");
    stack.push(id);
    for (const next of succ.get(id) ?? []) {
      const s = state.get(next);
      if (s === "visiting") {
        const cycle = stack.slice(stack.indexOf(next));
        const key = [...cycle].sort().join("|");
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(id, "done");
  };
  for (const node of graph.nodes) if (!state.has(node.id)) visit(node.id);
  return cycles;
}

/**
 * Ids of the nodes reachable from `nodeId` (not including it unless a cycle leads back).
 * With `handle`, the first hop follows only edges on that handle (e.g. a loop's "item" branch).
 */
export function reachableFrom(graph: Graph, nodeId: string, handle?: string): Set<string> {
  const succ = successorsMap(graph);
  const ids = nodeIdSet(graph);
  const start = outgoing(graph, nodeId, handle)
    .map((e) => e.target)
    .filter((t) => ids.has(t));
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of succ.get(id) ?? []) if (!seen.has(next)) queue.push(next);
  }
  return seen;
}

/**
 * Every node that can run before `nodeId` (its ancestors), in topological order
 * (graph order when the graph has a cycle):
 * the steps whose outputs `{{steps.…}}` may use (variable picker, validator).
 */
export function upstreamNodes(graph: Graph, nodeId: string): GraphNode[] {
  const preds = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const edge of validEdges(graph)) preds.get(edge.target)!.push(edge.source);
  const seen = new Set<string>();
  const queue = [...(preds.get(nodeId) ?? [])];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(preds.get(id) ?? []));
  }
  seen.delete(nodeId);
  const nodes = graph.nodes.filter((n) => seen.has(n.id));
  try {
    const rank = new Map(topologicalOrder(graph).map((id, i) => [id, i]));
    return nodes.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
  } catch {
    return nodes;
  }
}

/** Loop nodes whose "item" branch contains `nodeId` (then {{loop.item}} is available there). */
export function enclosingLoops(graph: Graph, nodeId: string, loopType = "loop"): GraphNode[] {
  return graph.nodes.filter((n) => n.type === loopType && reachableFrom(graph, n.id, "item").has(nodeId));
}
