import { nanoid } from "nanoid";
import type { Graph, GraphEdge, GraphNode } from "./schema";
import { extractTemplateRefs } from "../templates/parse";
import { formatPath, parsePath } from "../paths/parse";

/**
 * Pure graph edit operations used by the canvas editor (and anything else that
 * edits a graph). Every function returns a new Graph and never mutates its input;
 * nodes and edges that an operation does not touch keep their object identity,
 * so the editor can skip re-rendering them.
 *
 * Connection rules (decided here, enforced by `connect`):
 * - An output handle may feed several targets (fan-out runs branches in order),
 *   and a node may have several incoming edges (merge).
 * - Exact duplicates (same source, handle and target) are ignored.
 * - Self-loops, edges into a trigger and edges that would close a cycle are
 *   rejected with a reason: the graph must stay acyclic (loops are nodes).
 * - `connect(..., { replace: true })` replaces the edges already leaving that
 *   source handle (used when re-wiring a single-output handle from the "+" menu).
 */

export type HandlesOf = (nodeType: string) => readonly string[];
export type IdFactory = () => string;

export const newNodeId: IdFactory = () => `n_${nanoid(10)}`;
export const newEdgeId: IdFactory = () => `e_${nanoid(10)}`;

export interface IdOptions {
  nodeId?: IdFactory;
  edgeId?: IdFactory;
}

export type EditResult = { ok: true; graph: Graph } | { ok: false; graph: Graph; reason: string };

const byId = (nodes: readonly GraphNode[]) => new Map(nodes.map((n) => [n.id, n]));

function edgeExists(edges: readonly GraphEdge[], source: string, sourceHandle: string, target: string): boolean {
  return edges.some((e) => e.source === source && e.sourceHandle === sourceHandle && e.target === target);
}

/** True when `to` can reach `from` already (adding from→to would close a cycle). */
export function wouldCreateCycle(graph: Graph, from: string, to: string): boolean {
  if (from === to) return true;
  const out = new Map<string, string[]>();
  for (const e of graph.edges) {
    const list = out.get(e.source);
    if (list) list.push(e.target);
    else out.set(e.source, [e.target]);
  }
  const seen = new Set<string>();
  const stack = [to];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === from) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of out.get(id) ?? []) stack.push(next);
  }
  return false;
}

/** Names must be unique: templates address steps by name (`steps.<name>.…`). */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set(Array.from(taken, (n) => n.toLowerCase()));
  const trimmed = base.trim().slice(0, 72) || "Step";
  if (!used.has(trimmed.toLowerCase())) return trimmed;
  const stem = trimmed.replace(/\s+\d+$/, "");
  for (let i = 2; ; i++) {
    const candidate = `${stem} ${i}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

export interface ConnectInput {
  source: string;
  sourceHandle: string;
  target: string;
}

export interface ConnectOptions extends IdOptions {
  /** Remove other edges leaving the same source handle first. */
  replace?: boolean;
  /** Node types whose nodes cannot receive edges (triggers). */
  isTrigger?: (nodeType: string) => boolean;
}

export function connect(graph: Graph, c: ConnectInput, opts: ConnectOptions = {}): EditResult {
  const nodes = byId(graph.nodes);
  const source = nodes.get(c.source);
  const target = nodes.get(c.target);
  if (!source || !target) return { ok: false, graph, reason: "Both ends of a connection must be nodes on the canvas." };
  if (c.source === c.target) return { ok: false, graph, reason: "A step cannot connect to itself." };
  if (opts.isTrigger?.(target.type)) return { ok: false, graph, reason: "A trigger starts the automation: nothing can connect into it." };
  const base = opts.replace
    ? graph.edges.filter((e) => !(e.source === c.source && e.sourceHandle === c.sourceHandle))
    : graph.edges;
  if (edgeExists(base, c.source, c.sourceHandle, c.target)) return { ok: true, graph };
  if (wouldCreateCycle({ nodes: graph.nodes, edges: base }, c.source, c.target)) {
    return { ok: false, graph, reason: "This connection would create a cycle; use a Loop step to repeat work." };
  }
  const edge: GraphEdge = { id: (opts.edgeId ?? newEdgeId)(), source: c.source, sourceHandle: c.sourceHandle, target: c.target };
  return { ok: true, graph: { nodes: graph.nodes, edges: [...base, edge] } };
}

export function addNode(graph: Graph, node: GraphNode): Graph {
  const name = uniqueName(node.name, graph.nodes.map((n) => n.name));
  return { nodes: [...graph.nodes, name === node.name ? node : { ...node, name }], edges: graph.edges };
}

/**
 * Inserts `node` (new, not yet in the graph) on edge `edgeId`: source →(handle)→ node
 * →(node's first handle)→ old target. A node without output handles ends the path.
 */
export function insertOnEdge(graph: Graph, edgeId: string, node: GraphNode, handlesOf: HandlesOf, ids: IdOptions = {}): EditResult {
  const edge = graph.edges.find((e) => e.id === edgeId);
  if (!edge) return { ok: false, graph, reason: "That connection no longer exists." };
  const withNode = addNode(graph, node);
  const makeEdgeId = ids.edgeId ?? newEdgeId;
  const firstHandle = handlesOf(node.type)[0];
  const edges = withNode.edges.filter((e) => e.id !== edgeId);
  edges.push({ id: makeEdgeId(), source: edge.source, sourceHandle: edge.sourceHandle, target: node.id });
  if (firstHandle) edges.push({ id: makeEdgeId(), source: node.id, sourceHandle: firstHandle, target: edge.target });
  return { ok: true, graph: { nodes: withNode.nodes, edges } };
}

/**
 * Adds `node` after `source`'s `sourceHandle` (the "+" button). Edges that already
 * left that handle are moved to leave the new node's first handle, so the new step
 * lands in between.
 */
export function insertAfter(
  graph: Graph,
  source: string,
  sourceHandle: string,
  node: GraphNode,
  handlesOf: HandlesOf,
  ids: IdOptions = {},
): EditResult {
  if (!graph.nodes.some((n) => n.id === source)) return { ok: false, graph, reason: "The step to continue from no longer exists." };
  const withNode = addNode(graph, node);
  const makeEdgeId = ids.edgeId ?? newEdgeId;
  const firstHandle = handlesOf(node.type)[0];
  const edges: GraphEdge[] = [];
  for (const e of withNode.edges) {
    if (e.source === source && e.sourceHandle === sourceHandle) {
      if (firstHandle) edges.push({ ...e, source: node.id, sourceHandle: firstHandle });
    } else edges.push(e);
  }
  edges.push({ id: makeEdgeId(), source, sourceHandle, target: node.id });
  return { ok: true, graph: { nodes: withNode.nodes, edges } };
}

/**
 * Deletes nodes and their edges. When a deleted node's outgoing edges all leave
 * one handle, each of its parents is reconnected to each of those children, so
 * deleting the middle of a chain keeps the chain (A→B→C minus B = A→C). Nodes are
 * removed one after another, so deleting B and C from A→B→C→D gives A→D.
 */
export function deleteNodesWithReconnect(graph: Graph, nodeIds: Iterable<string>, ids: IdOptions = {}): Graph {
  const remove = new Set(nodeIds);
  if (remove.size === 0) return graph;
  const makeEdgeId = ids.edgeId ?? newEdgeId;
  let edges = graph.edges;
  for (const id of remove) {
    const incoming = edges.filter((e) => e.target === id);
    const outgoing = edges.filter((e) => e.source === id);
    const handles = new Set(outgoing.map((e) => e.sourceHandle));
    const next = edges.filter((e) => e.source !== id && e.target !== id);
    if (handles.size === 1) {
      for (const inc of incoming) {
        for (const out of outgoing) {
          if (inc.source === out.target || edgeExists(next, inc.source, inc.sourceHandle, out.target)) continue;
          next.push({ id: makeEdgeId(), source: inc.source, sourceHandle: inc.sourceHandle, target: out.target });
        }
      }
    }
    edges = next;
  }
  return { nodes: graph.nodes.filter((n) => !remove.has(n.id)), edges };
}

export function removeEdges(graph: Graph, edgeIds: Iterable<string>): Graph {
  const remove = new Set(edgeIds);
  if (remove.size === 0) return graph;
  return { nodes: graph.nodes, edges: graph.edges.filter((e) => !remove.has(e.id)) };
}

/** Clipboard payload: a self-contained fragment of a graph (edges between copied nodes only). */
export interface ClipboardPayload {
  kind: "switchyard/nodes";
  version: 1;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function copyNodes(graph: Graph, nodeIds: Iterable<string>): ClipboardPayload {
  const pick = new Set(nodeIds);
  return {
    kind: "switchyard/nodes",
    version: 1,
    nodes: graph.nodes.filter((n) => pick.has(n.id)),
    edges: graph.edges.filter((e) => pick.has(e.source) && pick.has(e.target)),
  };
}

export interface PasteOptions extends IdOptions {
  /** Where the top-left of the pasted fragment goes; default: 40px right/down of the original. */
  at?: { x: number; y: number };
  offset?: { x: number; y: number };
  /** Node types that are triggers: skipped when the graph already has one. */
  isTrigger?: (nodeType: string) => boolean;
}

export interface PasteResult {
  graph: Graph;
  /** ids of the new nodes, in payload order */
  newIds: string[];
  /** old id → new id */
  idMap: Map<string, string>;
  /** nodes left out (a second trigger) */
  skipped: GraphNode[];
}

/** Pastes a fragment with fresh node and edge ids, unique names and shifted positions. */
export function pasteNodes(graph: Graph, payload: Pick<ClipboardPayload, "nodes" | "edges">, opts: PasteOptions = {}): PasteResult {
  const makeNodeId = opts.nodeId ?? newNodeId;
  const makeEdgeId = opts.edgeId ?? newEdgeId;
  const hasTrigger = opts.isTrigger ? graph.nodes.some((n) => opts.isTrigger!(n.type)) : false;
  const skipped: GraphNode[] = [];
  const source = payload.nodes.filter((n) => {
    const drop = hasTrigger && opts.isTrigger!(n.type);
    if (drop) skipped.push(n);
    return !drop;
  });
  if (source.length === 0) return { graph, newIds: [], idMap: new Map(), skipped };

  const minX = Math.min(...source.map((n) => n.position.x));
  const minY = Math.min(...source.map((n) => n.position.y));
  const dx = opts.at ? opts.at.x - minX : (opts.offset?.x ?? 40);
  const dy = opts.at ? opts.at.y - minY : (opts.offset?.y ?? 40);

  const taken = graph.nodes.map((n) => n.name);
  const existingIds = new Set(graph.nodes.map((n) => n.id));
  const idMap = new Map<string, string>();
  const added: GraphNode[] = [];
  for (const n of source) {
    let id = makeNodeId();
    while (existingIds.has(id)) id = makeNodeId();
    existingIds.add(id);
    idMap.set(n.id, id);
    const name = uniqueName(n.name, taken);
    taken.push(name);
    added.push({
      ...n,
      id,
      name,
      config: structuredClone(n.config),
      settings: n.settings ? structuredClone(n.settings) : undefined,
      position: { x: n.position.x + dx, y: n.position.y + dy },
    });
  }
  const newEdges: GraphEdge[] = [];
  for (const e of payload.edges) {
    const s = idMap.get(e.source);
    const t = idMap.get(e.target);
    if (s && t) newEdges.push({ id: makeEdgeId(), source: s, sourceHandle: e.sourceHandle, target: t });
  }
  return {
    graph: { nodes: [...graph.nodes, ...added], edges: [...graph.edges, ...newEdges] },
    newIds: added.map((n) => n.id),
    idMap,
    skipped,
  };
}

/** Duplicates nodes (with the edges between them) next to the originals. */
export function duplicateNodes(graph: Graph, nodeIds: Iterable<string>, opts: PasteOptions = {}): PasteResult {
  return pasteNodes(graph, copyNodes(graph, nodeIds), { offset: { x: 40, y: 60 }, ...opts });
}

/** Replaces one node via `fn`; other nodes keep identity. */
export function updateNode(graph: Graph, nodeId: string, fn: (n: GraphNode) => GraphNode): Graph {
  let changed = false;
  const nodes = graph.nodes.map((n) => {
    if (n.id !== nodeId) return n;
    const next = fn(n);
    if (next !== n) changed = true;
    return next;
  });
  return changed ? { nodes, edges: graph.edges } : graph;
}

export function setNodeConfig(graph: Graph, nodeId: string, config: Record<string, unknown>): Graph {
  return updateNode(graph, nodeId, (n) => ({ ...n, config }));
}

export function setNodeSettings(graph: Graph, nodeId: string, settings: GraphNode["settings"]): Graph {
  return updateNode(graph, nodeId, (n) => ({ ...n, settings }));
}

function rewriteStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === "string") return fn(value);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = rewriteStrings(v, fn);
      if (r !== v) changed = true;
      return r;
    });
    return changed ? out : value;
  }
  if (value && typeof value === "object") {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = rewriteStrings(v, fn);
      if (r !== v) changed = true;
      out[k] = r;
    }
    return changed ? out : value;
  }
  return value;
}

/**
 * Rewrites references to step `oldName` in one string: `{{steps.<old>…}}`
 * templates anywhere in it, or the whole string when it is a bare path
 * (condition fields: `steps.<old>.body.status`).
 */
export function rewriteStepRefs(text: string, oldName: string, newName: string): string {
  if (!text.includes("steps")) return text;
  const renamed = (segments: string[]) =>
    segments[0] === "steps" && segments[1] === oldName ? formatPath(["steps", newName, ...segments.slice(2)]) : null;
  const refs = extractTemplateRefs(text);
  if (refs.length === 0) {
    const parsed = parsePath(text);
    return parsed.ok ? (renamed(parsed.segments) ?? text) : text;
  }
  let out = "";
  let last = 0;
  for (const ref of refs) {
    const next = ref.error ? null : renamed(ref.segments);
    if (next === null) continue;
    out += `${text.slice(last, ref.start)}{{${next}}}`;
    last = ref.end;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * Renames a node and rewrites `{{steps.<old name>…}}` references (and bare
 * `steps.<old name>…` condition paths) in every node's config, so templates keep pointing at the same step. Fails on a name
 * another node already uses (case-insensitive).
 */
export function renameNode(graph: Graph, nodeId: string, name: string): EditResult {
  const trimmed = name.trim();
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!node) return { ok: false, graph, reason: "That step no longer exists." };
  if (!trimmed) return { ok: false, graph, reason: "Name is required." };
  if (trimmed.length > 80) return { ok: false, graph, reason: "Name: at most 80 characters." };
  if (graph.nodes.some((n) => n.id !== nodeId && n.name.toLowerCase() === trimmed.toLowerCase())) {
    return { ok: false, graph, reason: `Another step is already named "${trimmed}"; names must be unique.` };
  }
  if (trimmed === node.name) return { ok: true, graph };
  const rewrite = (text: string) => rewriteStepRefs(text, node.name, trimmed);
  const nodes = graph.nodes.map((n) => {
    const config = rewriteStrings(n.config, rewrite) as Record<string, unknown>;
    if (n.id === nodeId) return { ...n, name: trimmed, config };
    return config === n.config ? n : { ...n, config };
  });
  return { ok: true, graph: { nodes, edges: graph.edges } };
}

export function moveNodes(graph: Graph, positions: Record<string, { x: number; y: number }>): Graph {
  let changed = false;
  const nodes = graph.nodes.map((n) => {
    const p = positions[n.id];
    if (!p || (p.x === n.position.x && p.y === n.position.y)) return n;
    changed = true;
    return { ...n, position: { x: p.x, y: p.y } };
  });
  return changed ? { nodes, edges: graph.edges } : graph;
}
