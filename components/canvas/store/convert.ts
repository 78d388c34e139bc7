import type { Graph, GraphEdge, GraphNode } from "@/lib/graph/schema";
import type { EditorCatalog, FlowEdge, FlowNode } from "./types";

/**
 * Graph ⇄ React Flow conversion. `fromGraph` reuses the previous React Flow
 * object of every node/edge that did not change, so React Flow (and our memoized
 * node components) skip them: with 300 nodes, editing one re-renders one.
 */

export function toGraphNode(n: FlowNode): GraphNode {
  const g = n.data.node;
  return g.position.x === n.position.x && g.position.y === n.position.y ? g : { ...g, position: { x: n.position.x, y: n.position.y } };
}

export function toGraphEdge(e: FlowEdge): GraphEdge {
  return { id: e.id, source: e.source, sourceHandle: e.sourceHandle ?? "next", target: e.target };
}

export function toGraph(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): Graph {
  return { nodes: nodes.map(toGraphNode), edges: edges.map(toGraphEdge) };
}

function sameNode(prev: FlowNode, g: GraphNode): boolean {
  const p = prev.data.node;
  if (p === g) return prev.position.x === g.position.x && prev.position.y === g.position.y;
  return (
    p.type === g.type &&
    p.name === g.name &&
    p.config === g.config &&
    p.settings === g.settings &&
    prev.position.x === g.position.x &&
    prev.position.y === g.position.y
  );
}

export function toFlowNode(g: GraphNode, catalog: EditorCatalog, selected = false, prev?: FlowNode): FlowNode {
  return {
    id: g.id,
    type: catalog.kindOf(g.type),
    position: { x: g.position.x, y: g.position.y },
    data: { node: g },
    selected,
    // keep measured size so React Flow does not flash the node while re-measuring
    ...(prev?.measured ? { measured: prev.measured } : {}),
  };
}

export function toFlowEdge(e: GraphEdge, selected = false): FlowEdge {
  return { id: e.id, source: e.source, sourceHandle: e.sourceHandle, target: e.target, type: "flow", selected };
}

export interface FromGraphOptions {
  /** When given, exactly these nodes end up selected (others deselected). */
  select?: readonly string[];
}

export function nodesFromGraph(graph: Graph, prev: readonly FlowNode[], catalog: EditorCatalog, opts: FromGraphOptions = {}): FlowNode[] {
  const prevById = new Map(prev.map((n) => [n.id, n]));
  const select = opts.select ? new Set(opts.select) : null;
  return graph.nodes.map((g) => {
    const p = prevById.get(g.id);
    const selected = select ? select.has(g.id) : (p?.selected ?? false);
    if (p && sameNode(p, g) && (p.selected ?? false) === selected) return p;
    if (p && sameNode(p, g)) return { ...p, selected };
    return toFlowNode(g, catalog, selected, p);
  });
}

export function edgesFromGraph(graph: Graph, prev: readonly FlowEdge[], opts: FromGraphOptions = {}): FlowEdge[] {
  const prevById = new Map(prev.map((e) => [e.id, e]));
  const clearSelection = Boolean(opts.select);
  return graph.edges.map((e) => {
    const p = prevById.get(e.id);
    const selected = clearSelection ? false : (p?.selected ?? false);
    if (p && p.source === e.source && p.target === e.target && p.sourceHandle === e.sourceHandle) {
      return (p.selected ?? false) === selected ? p : { ...p, selected };
    }
    return toFlowEdge(e, selected);
  });
}
