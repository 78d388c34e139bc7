import { describe, expect, it } from "vitest";
import { createEditorStore } from "@/components/canvas/store/editor-store";
import type { EditorCatalog } from "@/components/canvas/store/types";
import { overlayFromRun } from "@/components/canvas/run/overlay";
import type { Graph } from "@/lib/graph/schema";

let seq = 0;
const catalog: EditorCatalog = {
  kindOf: (t) => (t === "manual_trigger" ? "trigger" : t === "condition" ? "condition" : "action"),
  handlesOf: (t) => (t === "condition" ? ["true", "false"] : ["next"]),
  isTrigger: (t) => t === "manual_trigger",
  createNode: (type, position) =>
    type === "bogus" ? null : { id: `new${++seq}`, type, name: type === "condition" ? "Condition" : "HTTP request", config: { url: "" }, position },
};

function graph(): Graph {
  return {
    nodes: [
      { id: "t", type: "manual_trigger", name: "Start", config: {}, position: { x: 0, y: 0 } },
      { id: "a", type: "http", name: "A", config: { url: "https://a.test" }, position: { x: 300, y: 0 } },
      { id: "b", type: "http", name: "B", config: { url: "https://b.test" }, position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "t", sourceHandle: "next", target: "a" },
      { id: "e2", source: "a", sourceHandle: "next", target: "b" },
    ],
  };
}

const ids = (g: Graph) => g.nodes.map((n) => n.id);

describe("editor store", () => {
  it("undoes and redoes a delete, keeping the graph identical", () => {
    const store = createEditorStore({ graph: graph(), catalog });
    const s = store.getState();
    s.selectOnly(["a"]);
    store.getState().deleteSelection();
    expect(ids(store.getState().getGraph())).toEqual(["t", "b"]);
    expect(store.getState().getGraph().edges.map((e) => `${e.source}->${e.target}`)).toEqual(["t->b"]);
    expect(store.getState().changeCount).toBe(1);
    store.getState().undo();
    expect(store.getState().getGraph()).toEqual(graph());
    store.getState().redo();
    expect(ids(store.getState().getGraph())).toEqual(["t", "b"]);
    expect(store.getState().changeCount).toBe(3);
  });

  it("keeps unchanged React Flow node objects when one node changes", () => {
    const store = createEditorStore({ graph: graph(), catalog });
    const before = store.getState().nodes;
    store.getState().updateConfig("b", { url: "https://changed.test" });
    const after = store.getState().nodes;
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(before[1]);
    expect(after[2]).not.toBe(before[2]);
    expect(store.getState().edges).toBe(store.getState().edges);
  });

  it("coalesces typing in one field into one undo step", () => {
    const store = createEditorStore({ graph: graph(), catalog });
    for (const url of ["h", "ht", "htt", "http"]) store.getState().updateConfig("a", { url }, "url");
    expect(store.getState().past).toHaveLength(1);
    store.getState().updateConfig("a", { url: "x" }, "other");
    expect(store.getState().past).toHaveLength(2);
    store.getState().undo();
    store.getState().undo();
    expect(store.getState().getGraph().nodes[1].config).toEqual({ url: "https://a.test" });
  });

  it("records a drag as one undoable move", () => {
    const store = createEditorStore({ graph: graph(), catalog });
    const st = () => store.getState();
    st().onNodesChange([{ id: "a", type: "position", position: { x: 310, y: 5 }, dragging: true }]);
    st().onNodesChange([{ id: "a", type: "position", position: { x: 350, y: 40 }, dragging: true }]);
    expect(st().changeCount).toBe(0);
    st().onNodesChange([{ id: "a", type: "position", dragging: false }]);
    expect(st().changeCount).toBe(1);
    expect(st().getGraph().nodes[1].position).toEqual({ x: 350, y: 40 });
    expect(st().past).toHaveLength(1);
    st().undo();
    expect(st().getGraph().nodes[1].position).toEqual({ x: 300, y: 0 });
  });

  it("ignores selection and measuring for history and autosave", () => {
    const store = createEditorStore({ graph: graph(), catalog });
    store.getState().onNodesChange([{ id: "a", type: "select", selected: true }]);
    store.getState().onNodesChange([{ id: "a", type: "dimensions", dimensions: { width: 200, height: 80 } }]);
    expect(store.getState().changeCount).toBe(0);
    expect(store.getState().past).toHaveLength(0);
    expect(store.getState().nodes[1].selected).toBe(true);
  });

  it("connects, refuses cycles with a notice, and inserts on an edge", () => {
    const store = createEditorStore({ graph: graph(), catalog });
    const st = () => store.getState();
    st().onConnect({ source: "b", sourceHandle: "next", target: "a", targetHandle: null });
    expect(st().notice?.message).toMatch(/cycle/);
    expect(st().changeCount).toBe(0);
    const id = st().insertOnEdge("e2", "condition", { x: 450, y: 0 });
    expect(id).toBeTruthy();
    const g = st().getGraph();
    expect(g.edges.map((e) => `${e.source}:${e.sourceHandle}->${e.target}`).sort()).toEqual(["a:next->" + id, id + ":true->b", "t:next->a"].sort());
    expect(st().nodes.find((n) => n.id === id)?.selected).toBe(true);
  });

  it("refuses a second trigger and unknown types", () => {
    const store = createEditorStore({ graph: graph(), catalog });
    expect(store.getState().addNodeOfType("manual_trigger", { x: 0, y: 0 })).toBeNull();
    expect(store.getState().notice?.message).toMatch(/exactly one trigger/);
    expect(store.getState().addNodeOfType("bogus", { x: 0, y: 0 })).toBeNull();
    expect(ids(store.getState().getGraph())).toEqual(["t", "a", "b"]);
  });

  it("copies and pastes with new ids and selects the pasted nodes", () => {
    const store = createEditorStore({ graph: graph(), catalog });
    store.getState().selectOnly(["a", "b"]);
    const payload = store.getState().copySelection()!;
    const other = createEditorStore({ graph: graph(), catalog });
    expect(other.getState().paste(JSON.parse(JSON.stringify(payload)), { x: 0, y: 400 })).toBe(2);
    const g = other.getState().getGraph();
    expect(g.nodes).toHaveLength(5);
    expect(g.nodes.slice(3).map((n) => n.name)).toEqual(["A 2", "B 2"]);
    expect(other.getState().nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(g.nodes.slice(3).map((n) => n.id));
  });

  it("insertAfter places the node between and shifts followers right", () => {
    const store = createEditorStore({ graph: graph(), catalog });
    const id = store.getState().insertAfter("t", "next", "http")!;
    const g = store.getState().getGraph();
    expect(g.edges.map((e) => `${e.source}->${e.target}`).sort()).toEqual(["a->b", `t->${id}`, `${id}->a`].sort());
    expect(g.nodes.find((n) => n.id === id)!.position.x).toBe(340);
    // followers move right just enough to leave a gap after the new step; the rest keeps its spacing
    expect(g.nodes.find((n) => n.id === "a")!.position.x).toBe(680);
    expect(g.nodes.find((n) => n.id === "b")!.position.x).toBe(980);
  });

  it("insertOnEdge lines the new step up between its neighbours and makes room", () => {
    const store = createEditorStore({ graph: graph(), catalog });
    const id = store.getState().insertOnEdge("e1", "http", { x: 100, y: 500 })!;
    const g = store.getState().getGraph();
    expect(g.nodes.find((n) => n.id === id)!.position).toEqual({ x: 340, y: 0 });
    expect(g.nodes.find((n) => n.id === "a")!.position.x).toBe(680);
    expect(g.nodes.find((n) => n.id === "t")!.position.x).toBe(0);
  });

  it("blocks every mutation in read-only mode", () => {
    const store = createEditorStore({ graph: graph(), catalog, readOnly: true });
    const st = () => store.getState();
    st().selectOnly(["a"]);
    st().deleteSelection();
    st().updateConfig("a", { url: "x" });
    st().onConnect({ source: "t", sourceHandle: "next", target: "b", targetHandle: null });
    st().onNodesChange([{ id: "a", type: "position", position: { x: 9, y: 9 }, dragging: true }]);
    expect(st().addNodeOfType("http", { x: 0, y: 0 })).toBeNull();
    expect(st().rename("a", "Z").ok).toBe(false);
    expect(st().getGraph()).toEqual(graph());
    expect(st().changeCount).toBe(0);
  });

  it("views a version read-only and returns to the draft untouched", () => {
    const store = createEditorStore({ graph: graph(), catalog });
    store.getState().updateConfig("a", { url: "draft" });
    const v1: Graph = { nodes: [graph().nodes[0]], edges: [] };
    store.getState().enterVersionView(1, v1);
    expect(store.getState().readOnly).toBe(true);
    expect(ids(store.getState().getGraph())).toEqual(["t"]);
    expect(store.getState().getDraftGraph().nodes[1].config).toEqual({ url: "draft" });
    store.getState().exitVersionView();
    expect(store.getState().readOnly).toBe(false);
    expect(store.getState().getGraph().nodes[1].config).toEqual({ url: "draft" });
    expect(store.getState().past).toHaveLength(1);
  });

  it("keeps problem arrays stable when validation output is unchanged", () => {
    const store = createEditorStore({ graph: graph(), catalog });
    store.getState().setProblems({ a: [{ message: "url is required", field: "url", severity: "error" }] });
    const first = store.getState().problems;
    store.getState().setProblems({ a: [{ message: "url is required", field: "url", severity: "error" }] });
    expect(store.getState().problems).toBe(first);
    store.getState().setProblems({});
    expect(store.getState().problems).toEqual({});
  });
});

describe("run overlay", () => {
  const edges = [
    { id: "e1", source: "t", sourceHandle: "next", target: "c" },
    { id: "yes", source: "c", sourceHandle: "true", target: "a" },
    { id: "no", source: "c", sourceHandle: "false", target: "b" },
  ];
  const step = (nodeId: string, status: string, extra: Partial<{ handle: string | null; attempt: number; retried: boolean }> = {}) => ({
    nodeId,
    status,
    attempt: extra.attempt ?? 1,
    handle: extra.handle ?? null,
    request: { in: nodeId },
    response: { out: nodeId },
    error: status === "FAILED" ? "boom" : null,
    durationMs: 5,
    retried: extra.retried ?? false,
  });

  it("marks statuses and the path taken through a condition", () => {
    const o = overlayFromRun(
      { id: "r1", status: "RUNNING", actionResults: [step("t", "SUCCEEDED", { handle: "next" }), step("c", "SUCCEEDED", { handle: "true" }), step("a", "RUNNING")] },
      edges,
    );
    expect(Object.fromEntries(Object.entries(o.steps).map(([k, v]) => [k, v.status]))).toEqual({ t: "SUCCEEDED", c: "SUCCEEDED", a: "RUNNING" });
    expect([...o.takenEdges].sort()).toEqual(["e1", "yes"]);
    expect(o.steps.c.response).toEqual({ out: "c" });
  });

  it("shows the final attempt after retries and keeps a failure visible", () => {
    const o = overlayFromRun(
      { id: "r2", status: "FAILED", actionResults: [step("t", "SUCCEEDED"), step("c", "FAILED", { retried: true }), step("c", "FAILED", { attempt: 2 })] },
      edges,
    );
    expect(o.steps.c).toMatchObject({ status: "FAILED", attempt: 2, error: "boom" });
    expect([...o.takenEdges]).toEqual(["e1"]);
  });
});
