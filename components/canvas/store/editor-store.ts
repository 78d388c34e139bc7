import { createStore, type StoreApi } from "zustand/vanilla";
import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from "@xyflow/react";
import type { Graph, GraphNode } from "@/lib/graph/schema";
import * as ops from "@/lib/graph/edit-ops";
import { edgesFromGraph, nodesFromGraph, toGraph } from "./convert";
import type { EditorCatalog, FlowEdge, FlowNode, NodeProblem, RunOverlay } from "./types";

/**
 * One store per editor mount (created by EditorStoreProvider). React Flow runs
 * controlled from `nodes`/`edges`; every graph change goes through `commit`, which
 * records undo history and bumps `changeCount` (autosave watches it). Selection,
 * measuring and run overlays are not graph changes.
 */

const HISTORY_LIMIT = 100;
const COALESCE_MS = 1200;

export interface VersionView {
  number: number;
  stash: { nodes: FlowNode[]; edges: FlowEdge[]; past: Graph[]; future: Graph[]; readOnly: boolean };
}

export interface EditorData {
  nodes: FlowNode[];
  edges: FlowEdge[];
  readOnly: boolean;
  past: Graph[];
  future: Graph[];
  /** increments on every change of the draft graph (autosave trigger) */
  changeCount: number;
  /** increments whenever the displayed graph changes (draft edits, reloads, version view); not on selection */
  graphVersion: number;
  dragging: boolean;
  problems: Record<string, NodeProblem[]>;
  /** every validation problem, graph-level ones included (problems list in the header) */
  problemList: Array<NodeProblem & { nodeId?: string }>;
  /** nodes to call out (e.g. publish failed on them) */
  highlighted: ReadonlySet<string>;
  run: RunOverlay | null;
  versionView: VersionView | null;
  /** last message of a refused edit (cycle, duplicate name…), shown as a toast */
  notice: { id: number; message: string } | null;
}

export interface EditorActions {
  getGraph(): Graph;
  /** the draft graph, even while a version is being viewed */
  getDraftGraph(): Graph;
  onNodesChange(changes: NodeChange<FlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<FlowEdge>[]): void;
  onConnect(c: Connection): void;
  addNodeOfType(type: string, position: { x: number; y: number }): string | null;
  insertOnEdge(edgeId: string, type: string, position: { x: number; y: number }): string | null;
  insertAfter(sourceId: string, sourceHandle: string, type: string): string | null;
  deleteSelection(): void;
  deleteNodes(ids: string[]): void;
  deleteEdges(ids: string[]): void;
  duplicateSelection(): void;
  copySelection(): ops.ClipboardPayload | null;
  paste(payload: Pick<ops.ClipboardPayload, "nodes" | "edges">, at?: { x: number; y: number }): number;
  updateConfig(nodeId: string, config: Record<string, unknown>, coalesceKey?: string): void;
  updateSettings(nodeId: string, settings: GraphNode["settings"], coalesceKey?: string): void;
  rename(nodeId: string, name: string): ops.EditResult;
  applyPositions(positions: Record<string, { x: number; y: number }>): void;
  selectOnly(nodeIds: string[]): void;
  selectAll(): void;
  clearSelection(): void;
  undo(): void;
  redo(): void;
  /** Replace the draft (load, reload after conflict, restore). */
  replaceGraph(graph: Graph, opts?: { resetHistory?: boolean; markChanged?: boolean }): void;
  setReadOnly(readOnly: boolean): void;
  setProblems(problems: Record<string, NodeProblem[]>, list?: Array<NodeProblem & { nodeId?: string }>): void;
  setHighlighted(ids: Iterable<string>): void;
  setRun(run: RunOverlay | null): void;
  enterVersionView(number: number, graph: Graph): void;
  exitVersionView(): void;
  notify(message: string): void;
}

export type EditorState = EditorData & EditorActions;
export type EditorStore = StoreApi<EditorState>;

export interface CreateEditorStoreInput {
  graph: Graph;
  catalog: EditorCatalog;
  readOnly?: boolean;
}

export function selectedNodeIds(s: Pick<EditorData, "nodes">): string[] {
  return s.nodes.filter((n) => n.selected).map((n) => n.id);
}

function sameProblems(a: NodeProblem[] | undefined, b: NodeProblem[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((p, i) => p.message === b[i].message && p.field === b[i].field && p.severity === b[i].severity);
}

export function createEditorStore({ graph, catalog, readOnly = false }: CreateEditorStoreInput): EditorStore {
  let cache: { nodes: FlowNode[]; edges: FlowEdge[]; graph: Graph } | null = null;
  let lastCoalesce: { key: string; at: number } | null = null;
  let noticeId = 0;

  return createStore<EditorState>()((set, get) => {
    const currentGraph = (): Graph => {
      const { nodes, edges } = get();
      if (cache && cache.nodes === nodes && cache.edges === edges) return cache.graph;
      const g = toGraph(nodes, edges);
      cache = { nodes, edges, graph: g };
      return g;
    };

    const notify = (message: string) => set({ notice: { id: ++noticeId, message } });

    /** Applies a new graph as one undoable step. */
    const commit = (next: Graph, opts: { coalesceKey?: string; select?: string[] } = {}) => {
      const s = get();
      if (s.readOnly) return;
      const prev = currentGraph();
      if (next === prev && !opts.select) return;
      const now = Date.now();
      const coalesce = Boolean(opts.coalesceKey && lastCoalesce?.key === opts.coalesceKey && now - lastCoalesce.at < COALESCE_MS);
      lastCoalesce = opts.coalesceKey ? { key: opts.coalesceKey, at: now } : null;
      const changed = next !== prev;
      set({
        nodes: nodesFromGraph(next, s.nodes, catalog, { select: opts.select }),
        edges: edgesFromGraph(next, s.edges, { select: opts.select }),
        past: changed && !coalesce ? [...s.past, prev].slice(-HISTORY_LIMIT) : s.past,
        future: changed ? [] : s.future,
        changeCount: changed ? s.changeCount + 1 : s.changeCount,
        graphVersion: changed ? s.graphVersion + 1 : s.graphVersion,
      });
    };

    const selected = () => selectedNodeIds(get());

    const placeNew = (type: string, position: { x: number; y: number }): GraphNode | null => {
      const node = catalog.createNode(type, position);
      if (!node) notify(`Unknown step type "${type}".`);
      else if (catalog.isTrigger(type) && currentGraph().nodes.some((n) => catalog.isTrigger(n.type))) {
        notify("An automation has exactly one trigger. Delete the current trigger first to use another one.");
        return null;
      }
      return node;
    };

    return {
      nodes: nodesFromGraph(graph, [], catalog),
      edges: edgesFromGraph(graph, []),
      readOnly,
      past: [],
      future: [],
      changeCount: 0,
      graphVersion: 0,
      dragging: false,
      problems: {},
      problemList: [],
      highlighted: new Set(),
      run: null,
      versionView: null,
      notice: null,

      getGraph: currentGraph,
      getDraftGraph() {
        const v = get().versionView;
        return v ? toGraph(v.stash.nodes, v.stash.edges) : currentGraph();
      },

      onNodesChange(changes) {
        const s = get();
        let historyPush = false;
        let bump = false;
        let dragging = s.dragging;
        const allowed = changes.filter((c) => {
          if (c.type === "select" || c.type === "dimensions") return true;
          if (c.type === "position") {
            if (s.readOnly) return false;
            if (c.dragging) {
              if (!dragging) historyPush = true;
              dragging = true;
            } else if (dragging) {
              dragging = false;
              bump = true;
            } else if (c.position) {
              historyPush = true; // keyboard nudge
              bump = true;
            }
            return true;
          }
          return false; // add/remove/replace go through our own actions
        });
        if (allowed.length === 0 && dragging === s.dragging) return;
        const prev = historyPush ? currentGraph() : null;
        set({
          nodes: allowed.length ? applyNodeChanges(allowed, s.nodes) : s.nodes,
          dragging,
          past: prev ? [...s.past, prev].slice(-HISTORY_LIMIT) : s.past,
          future: prev ? [] : s.future,
          changeCount: bump || (prev && !dragging) ? s.changeCount + 1 : s.changeCount,
          graphVersion: bump || (prev && !dragging) ? s.graphVersion + 1 : s.graphVersion,
        });
      },

      onEdgesChange(changes) {
        const allowed = changes.filter((c) => c.type === "select");
        if (allowed.length) set({ edges: applyEdgeChanges(allowed, get().edges) });
      },

      onConnect(c) {
        if (get().readOnly || !c.source || !c.target) return;
        const r = ops.connect(currentGraph(), { source: c.source, sourceHandle: c.sourceHandle ?? "next", target: c.target }, { isTrigger: catalog.isTrigger });
        if (!r.ok) return notify(r.reason);
        commit(r.graph);
      },

      addNodeOfType(type, position) {
        if (get().readOnly) return null;
        const node = placeNew(type, position);
        if (!node) return null;
        commit(ops.addNode(currentGraph(), node), { select: [node.id] });
        return node.id;
      },

      insertOnEdge(edgeId, type, position) {
        if (get().readOnly) return null;
        const g = currentGraph();
        const edge = g.edges.find((e) => e.id === edgeId);
        const source = edge && g.nodes.find((n) => n.id === edge.source);
        const target = edge && g.nodes.find((n) => n.id === edge.target);
        // line the new step up between its neighbours
        const at = source && target ? { x: Math.max(position.x, source.position.x + NODE_GAP_X), y: Math.round((source.position.y + target.position.y) / 2) } : position;
        const node = placeNew(type, at);
        if (!node) return null;
        const roomy = target ? makeRoom(g, new Set([target.id]), node.position.x + NODE_GAP_X) : g;
        const r = ops.insertOnEdge(roomy, edgeId, node, catalog.handlesOf);
        if (!r.ok) {
          notify(r.reason);
          return null;
        }
        commit(r.graph, { select: [node.id] });
        return node.id;
      },

      insertAfter(sourceId, sourceHandle, type) {
        if (get().readOnly) return null;
        const g = currentGraph();
        const source = g.nodes.find((n) => n.id === sourceId);
        if (!source) return null;
        const handles = catalog.handlesOf(source.type);
        const idx = Math.max(0, handles.indexOf(sourceHandle));
        const offsetY = handles.length > 1 ? (idx - (handles.length - 1) / 2) * 140 : 0;
        const node = placeNew(type, { x: source.position.x + NODE_GAP_X, y: source.position.y + offsetY });
        if (!node) return null;
        // move what used to follow this handle out of the way
        const followers = new Set(g.edges.filter((e) => e.source === sourceId && e.sourceHandle === sourceHandle).map((e) => e.target));
        const shifted = followers.size ? makeRoom(g, followers, node.position.x + NODE_GAP_X) : g;
        const r = ops.insertAfter(shifted, sourceId, sourceHandle, node, catalog.handlesOf);
        if (!r.ok) {
          notify(r.reason);
          return null;
        }
        commit(r.graph, { select: [node.id] });
        return node.id;
      },

      deleteSelection() {
        const s = get();
        if (s.readOnly) return;
        const nodeIds = selected();
        const edgeIds = s.edges.filter((e) => e.selected).map((e) => e.id);
        if (!nodeIds.length && !edgeIds.length) return;
        const g = ops.removeEdges(currentGraph(), edgeIds);
        commit(ops.deleteNodesWithReconnect(g, nodeIds), { select: [] });
      },

      deleteNodes(ids) {
        if (get().readOnly || !ids.length) return;
        commit(ops.deleteNodesWithReconnect(currentGraph(), ids), { select: [] });
      },

      deleteEdges(ids) {
        if (get().readOnly || !ids.length) return;
        commit(ops.removeEdges(currentGraph(), ids));
      },

      duplicateSelection() {
        if (get().readOnly) return;
        const ids = selected();
        if (!ids.length) return;
        const r = ops.duplicateNodes(currentGraph(), ids, { isTrigger: catalog.isTrigger });
        if (r.skipped.length) notify("The trigger was not duplicated: an automation has exactly one trigger.");
        if (r.newIds.length) commit(r.graph, { select: r.newIds });
      },

      copySelection() {
        const ids = selected();
        return ids.length ? ops.copyNodes(currentGraph(), ids) : null;
      },

      paste(payload, at) {
        if (get().readOnly) return 0;
        const r = ops.pasteNodes(currentGraph(), payload, { at, isTrigger: catalog.isTrigger });
        if (r.skipped.length) notify("The trigger was not pasted: this automation already has one.");
        if (r.newIds.length) commit(r.graph, { select: r.newIds });
        return r.newIds.length;
      },

      updateConfig(nodeId, config, coalesceKey) {
        commit(ops.setNodeConfig(currentGraph(), nodeId, config), { coalesceKey: coalesceKey ? `${nodeId}:${coalesceKey}` : undefined });
      },

      updateSettings(nodeId, settings, coalesceKey) {
        commit(ops.setNodeSettings(currentGraph(), nodeId, settings), { coalesceKey: coalesceKey ? `${nodeId}:settings:${coalesceKey}` : undefined });
      },

      rename(nodeId, name) {
        if (get().readOnly) return { ok: false, graph: currentGraph(), reason: "This automation is read-only." };
        const r = ops.renameNode(currentGraph(), nodeId, name);
        if (r.ok) commit(r.graph);
        return r;
      },

      applyPositions(positions) {
        commit(ops.moveNodes(currentGraph(), positions));
      },

      selectOnly(nodeIds) {
        const s = get();
        const pick = new Set(nodeIds);
        set({
          nodes: s.nodes.map((n) => ((n.selected ?? false) === pick.has(n.id) ? n : { ...n, selected: pick.has(n.id) })),
          edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
        });
      },
      selectAll() {
        const s = get();
        set({ nodes: s.nodes.map((n) => (n.selected ? n : { ...n, selected: true })) });
      },
      clearSelection() {
        get().selectOnly([]);
      },

      undo() {
        const s = get();
        if (s.readOnly || s.past.length === 0) return;
        const prev = s.past[s.past.length - 1];
        const now = currentGraph();
        lastCoalesce = null;
        set({
          nodes: nodesFromGraph(prev, s.nodes, catalog),
          edges: edgesFromGraph(prev, s.edges),
          past: s.past.slice(0, -1),
          future: [now, ...s.future].slice(0, HISTORY_LIMIT),
          changeCount: s.changeCount + 1,
          graphVersion: s.graphVersion + 1,
        });
      },

      redo() {
        const s = get();
        if (s.readOnly || s.future.length === 0) return;
        const [next, ...rest] = s.future;
        const now = currentGraph();
        lastCoalesce = null;
        set({
          nodes: nodesFromGraph(next, s.nodes, catalog),
          edges: edgesFromGraph(next, s.edges),
          past: [...s.past, now].slice(-HISTORY_LIMIT),
          future: rest,
          changeCount: s.changeCount + 1,
          graphVersion: s.graphVersion + 1,
        });
      },

      replaceGraph(next, opts = {}) {
        const s = get();
        const prev = currentGraph();
        set({
          nodes: nodesFromGraph(next, s.nodes, catalog),
          edges: edgesFromGraph(next, s.edges),
          past: opts.resetHistory ? [] : [...s.past, prev].slice(-HISTORY_LIMIT),
          future: opts.resetHistory ? [] : s.future,
          changeCount: opts.markChanged ? s.changeCount + 1 : s.changeCount,
          graphVersion: s.graphVersion + 1,
        });
      },

      setReadOnly(value) {
        if (get().versionView) return;
        set({ readOnly: value });
      },

      setProblems(problems, list) {
        if (list) set({ problemList: list });
        const prev = get().problems;
        const next: Record<string, NodeProblem[]> = {};
        let changed = Object.keys(prev).length !== Object.keys(problems).length;
        for (const [id, list] of Object.entries(problems)) {
          if (sameProblems(prev[id], list)) next[id] = prev[id];
          else {
            next[id] = list;
            changed = true;
          }
        }
        if (changed) set({ problems: next });
      },

      setHighlighted(ids) {
        set({ highlighted: new Set(ids) });
      },

      setRun(run) {
        set({ run });
      },

      enterVersionView(number, versionGraph) {
        const s = get();
        const stash = s.versionView?.stash ?? { nodes: s.nodes, edges: s.edges, past: s.past, future: s.future, readOnly: s.readOnly };
        set({
          versionView: { number, stash },
          nodes: nodesFromGraph(versionGraph, [], catalog),
          edges: edgesFromGraph(versionGraph, []),
          past: [],
          future: [],
          readOnly: true,
          run: null,
          graphVersion: s.graphVersion + 1,
        });
      },

      exitVersionView() {
        const v = get().versionView;
        if (!v) return;
        set({ versionView: null, ...v.stash, graphVersion: get().graphVersion + 1 });
      },

      notify,
    };
  });
}

/** Horizontal distance between a step and the next one when the editor places steps. */
const NODE_GAP_X = 340;

/** Moves `roots` and everything reachable from them right, so the leftmost root starts at `minX` or later. */
function makeRoom(g: Graph, roots: Set<string>, minX: number): Graph {
  const rootXs = g.nodes.filter((n) => roots.has(n.id)).map((n) => n.position.x);
  if (rootXs.length === 0) return g;
  const dx = minX - Math.min(...rootXs);
  if (dx <= 0) return g;
  const reach = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    if (reach.has(id)) continue;
    reach.add(id);
    for (const e of g.edges) if (e.source === id) stack.push(e.target);
  }
  const positions: Record<string, { x: number; y: number }> = {};
  for (const n of g.nodes) if (reach.has(n.id)) positions[n.id] = { x: n.position.x + dx, y: n.position.y };
  return ops.moveNodes(g, positions);
}
