import { describe, expect, it } from "vitest";
import {
  connect,
  copyNodes,
  deleteNodesWithReconnect,
  duplicateNodes,
  insertAfter,
  insertOnEdge,
  pasteNodes,
  removeEdges,
  renameNode,
  uniqueName,
  wouldCreateCycle,
} from "@/lib/graph/edit-ops";
import { graphSchema, type Graph, type GraphNode } from "@/lib/graph/schema";

const HANDLES: Record<string, string[]> = {
  manual_trigger: ["next"],
  condition: ["true", "false"],
  loop: ["item", "done"],
  http_request: ["next"],
  stop: [],
};
const handlesOf = (t: string) => HANDLES[t] ?? ["next"];
const isTrigger = (t: string) => t.endsWith("_trigger");

function counter(prefix: string) {
  let i = 0;
  return () => `${prefix}${++i}`;
}

const node = (id: string, type = "http_request", name = id, x = 0): GraphNode => ({
  id,
  type,
  name,
  config: { url: `https://example.test/${id}` },
  position: { x, y: 0 },
});

function chain(...ids: string[]): Graph {
  const nodes = ids.map((id, i) => node(id, i === 0 ? "manual_trigger" : "http_request", id, i * 300));
  const edges = ids.slice(1).map((id, i) => ({ id: `e${i}`, source: ids[i], sourceHandle: "next", target: id }));
  return { nodes, edges };
}

const pairs = (g: Graph) => g.edges.map((e) => `${e.source}:${e.sourceHandle}->${e.target}`).sort();

describe("connect", () => {
  it("adds an edge and ignores an exact duplicate", () => {
    const g = { nodes: [node("a", "manual_trigger"), node("b")], edges: [] };
    const r1 = connect(g, { source: "a", sourceHandle: "next", target: "b" }, { edgeId: counter("x") });
    expect(r1.ok).toBe(true);
    expect(pairs(r1.graph)).toEqual(["a:next->b"]);
    const r2 = connect(r1.graph, { source: "a", sourceHandle: "next", target: "b" });
    expect(r2.ok).toBe(true);
    expect(r2.graph.edges).toHaveLength(1);
  });

  it("allows fan-out by default and replaces with replace: true", () => {
    const g = { nodes: [node("a", "manual_trigger"), node("b"), node("c")], edges: [{ id: "e1", source: "a", sourceHandle: "next", target: "b" }] };
    expect(pairs(connect(g, { source: "a", sourceHandle: "next", target: "c" }).graph)).toEqual(["a:next->b", "a:next->c"]);
    expect(pairs(connect(g, { source: "a", sourceHandle: "next", target: "c" }, { replace: true }).graph)).toEqual(["a:next->c"]);
  });

  it("rejects cycles, self-loops and edges into a trigger", () => {
    const g = chain("t", "a", "b");
    const cyc = connect(g, { source: "b", sourceHandle: "next", target: "a" });
    expect(cyc.ok).toBe(false);
    expect(cyc.ok ? "" : cyc.reason).toMatch(/cycle/);
    expect(cyc.graph).toBe(g);
    expect(connect(g, { source: "a", sourceHandle: "next", target: "a" }).ok).toBe(false);
    const intoTrigger = connect(g, { source: "b", sourceHandle: "next", target: "t" }, { isTrigger });
    expect(intoTrigger.ok).toBe(false);
    expect(wouldCreateCycle(g, "t", "b")).toBe(false);
  });
});

describe("insertOnEdge", () => {
  it("splits an edge and keeps the source handle", () => {
    const g: Graph = {
      nodes: [node("c", "condition"), node("x")],
      edges: [{ id: "e1", source: "c", sourceHandle: "false", target: "x" }],
    };
    const r = insertOnEdge(g, "e1", node("n", "http_request", "New"), handlesOf, { edgeId: counter("k") });
    expect(r.ok).toBe(true);
    expect(pairs(r.graph)).toEqual(["c:false->n", "n:next->x"]);
    expect(r.graph.nodes.map((n) => n.id)).toEqual(["c", "x", "n"]);
    expect(graphSchema.safeParse(r.graph).success).toBe(true);
  });

  it("continues through the first handle of a branching node", () => {
    const r = insertOnEdge(chain("t", "a"), "e0", node("c", "condition"), handlesOf);
    expect(pairs(r.graph)).toEqual(["c:true->a", "t:next->c"]);
  });

  it("ends the path when the inserted node has no outputs, and reports a missing edge", () => {
    const r = insertOnEdge(chain("t", "a"), "e0", node("s", "stop"), handlesOf);
    expect(pairs(r.graph)).toEqual(["t:next->s"]);
    expect(insertOnEdge(chain("t", "a"), "nope", node("s", "stop"), handlesOf).ok).toBe(false);
  });

  it("gives the inserted node a unique name", () => {
    const r = insertOnEdge(chain("t", "a"), "e0", node("z", "http_request", "a"), handlesOf);
    expect(r.graph.nodes.find((n) => n.id === "z")?.name).toBe("a 2");
  });
});

describe("insertAfter", () => {
  it("moves existing edges of the handle behind the new node", () => {
    const r = insertAfter(chain("t", "a", "b"), "t", "next", node("n"), handlesOf);
    expect(pairs(r.graph)).toEqual(["a:next->b", "n:next->a", "t:next->n"]);
  });
  it("just appends on a free handle", () => {
    const r = insertAfter(chain("t", "a"), "a", "next", node("n"), handlesOf);
    expect(pairs(r.graph)).toEqual(["a:next->n", "t:next->a"]);
  });
});

describe("deleteNodesWithReconnect", () => {
  it("reconnects the parent to the child in a chain", () => {
    const g = chain("t", "a", "b");
    const out = deleteNodesWithReconnect(g, ["a"], { edgeId: counter("r") });
    expect(out.nodes.map((n) => n.id)).toEqual(["t", "b"]);
    expect(pairs(out)).toEqual(["t:next->b"]);
  });

  it("collapses several consecutive deleted nodes", () => {
    expect(pairs(deleteNodesWithReconnect(chain("t", "a", "b", "c", "d"), ["b", "c"]))).toEqual(["a:next->d", "t:next->a"]);
  });

  it("keeps the incoming handle when reconnecting", () => {
    const g: Graph = {
      nodes: [node("c", "condition"), node("m"), node("z")],
      edges: [
        { id: "e1", source: "c", sourceHandle: "false", target: "m" },
        { id: "e2", source: "m", sourceHandle: "next", target: "z" },
      ],
    };
    expect(pairs(deleteNodesWithReconnect(g, ["m"]))).toEqual(["c:false->z"]);
  });

  it("does not reconnect across a node whose outputs use two handles", () => {
    const g: Graph = {
      nodes: [node("t", "manual_trigger"), node("c", "condition"), node("y"), node("n")],
      edges: [
        { id: "e0", source: "t", sourceHandle: "next", target: "c" },
        { id: "e1", source: "c", sourceHandle: "true", target: "y" },
        { id: "e2", source: "c", sourceHandle: "false", target: "n" },
      ],
    };
    const out = deleteNodesWithReconnect(g, ["c"]);
    expect(out.edges).toEqual([]);
    expect(out.nodes.map((n) => n.id)).toEqual(["t", "y", "n"]);
  });

  it("does not duplicate an edge that already exists and keeps untouched objects", () => {
    const g = chain("t", "a", "b");
    g.edges.push({ id: "direct", source: "t", sourceHandle: "next", target: "b" });
    const out = deleteNodesWithReconnect(g, ["a"]);
    expect(pairs(out)).toEqual(["t:next->b"]);
    expect(out.nodes[0]).toBe(g.nodes[0]);
    expect(deleteNodesWithReconnect(g, [])).toBe(g);
  });
});

describe("duplicate, copy and paste", () => {
  it("duplicates with new ids, unique names, remapped internal edges and deep-copied config", () => {
    const g = chain("t", "a", "b");
    const r = duplicateNodes(g, ["a", "b"], { nodeId: counter("new"), edgeId: counter("ne") });
    expect(r.newIds).toEqual(["new1", "new2"]);
    const added = r.graph.nodes.slice(3);
    expect(added.map((n) => n.name)).toEqual(["a 2", "b 2"]);
    expect(added[0].position).toEqual({ x: 340, y: 60 });
    expect(pairs(r.graph)).toContain("new1:next->new2");
    expect(r.graph.edges).toHaveLength(3);
    expect(added[0].config).toEqual(g.nodes[1].config);
    expect(added[0].config).not.toBe(g.nodes[1].config);
    expect(graphSchema.safeParse(r.graph).success).toBe(true);
  });

  it("pastes a clipboard payload into another graph, positioned at a point", () => {
    const src = chain("t", "a", "b");
    const payload = copyNodes(src, ["t", "a", "b"]);
    expect(payload.edges).toHaveLength(2);
    const target = chain("t2", "x");
    const r = pasteNodes(target, JSON.parse(JSON.stringify(payload)), { at: { x: 1000, y: 500 }, isTrigger });
    expect(r.skipped.map((n) => n.id)).toEqual(["t"]);
    expect(r.newIds).toHaveLength(2);
    const pasted = r.graph.nodes.filter((n) => r.newIds.includes(n.id));
    expect(pasted.map((n) => n.position)).toEqual([{ x: 1000, y: 500 }, { x: 1300, y: 500 }]);
    expect(pairs(r.graph)).toContain(`${r.idMap.get("a")}:next->${r.idMap.get("b")}`);
    expect(new Set(r.graph.nodes.map((n) => n.id)).size).toBe(r.graph.nodes.length);
  });

  it("pastes a trigger into an empty graph", () => {
    const r = pasteNodes({ nodes: [], edges: [] }, copyNodes(chain("t", "a"), ["t", "a"]), { isTrigger });
    expect(r.skipped).toEqual([]);
    expect(r.graph.nodes).toHaveLength(2);
    expect(r.graph.edges).toHaveLength(1);
  });
});

describe("rename and misc", () => {
  it("renames and rewrites step references in templates", () => {
    const g = chain("t", "a", "b");
    g.nodes[1].name = "Fetch order";
    g.nodes[2].config = { body: "{{steps.Fetch order.body.id}} and {{ steps.Fetch order }} not steps.Fetch order.x", nested: [{ v: "{{steps.Fetch orders.x}}" }], field: "steps.Fetch order.status" };
    const r = renameNode(g, "a", "Load order");
    expect(r.ok).toBe(true);
    expect(r.graph.nodes[1].name).toBe("Load order");
    expect(r.graph.nodes[2].config).toEqual({
      body: '{{steps["Load order"].body.id}} and {{steps["Load order"]}} not steps.Fetch order.x',
      nested: [{ v: "{{steps.Fetch orders.x}}" }],
      field: 'steps["Load order"].status',
    });
    expect(r.graph.nodes[0]).toBe(g.nodes[0]);
  });

  it("refuses a duplicate or empty name", () => {
    const g = chain("t", "a", "b");
    const r = renameNode(g, "a", "B");
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.reason).toMatch(/already named "B"/);
    expect(renameNode(g, "a", "  ").ok).toBe(false);
  });

  it("uniqueName counts up and removeEdges drops edges", () => {
    expect(uniqueName("Send email", ["send email", "Send email 2"])).toBe("Send email 3");
    expect(uniqueName("HTTP", [])).toBe("HTTP");
    expect(removeEdges(chain("t", "a", "b"), ["e0"]).edges.map((e) => e.id)).toEqual(["e1"]);
  });
});
