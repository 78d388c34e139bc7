import { describe, expect, it } from "vitest";
import type { Graph } from "./schema";
import { GraphCycleError, enclosingLoops, findCycles, findTrigger, incoming, outgoing, reachableFrom, topologicalOrder, upstreamNodes } from "./traverse";

const n = (id: string, type = "code") => ({ id, type, name: id.toUpperCase(), config: {}, position: { x: 0, y: 0 } });
const e = (source: string, target: string, sourceHandle = "next") => ({ id: `${source}-${target}`, source, target, sourceHandle });

// t → c; c(true) → a → d; c(false) → b → d; loop l: item → i, done → d
const graph: Graph = {
  nodes: [n("d"), n("b"), n("a"), n("c", "condition"), n("t", "manual"), n("l", "loop"), n("i")],
  edges: [e("t", "c"), e("c", "a", "true"), e("c", "b", "false"), e("a", "d"), e("b", "d"), e("t", "l"), e("l", "i", "item"), e("l", "d", "done"), e("x", "d")],
};

describe("traverse", () => {
  it("topologicalOrder respects edges and keeps graph order for ties", () => {
    const order = topologicalOrder(graph);
    expect(order.indexOf("t")).toBe(0);
    expect(order.indexOf("c")).toBeLessThan(order.indexOf("a"));
    expect(order.indexOf("a")).toBeLessThan(order.indexOf("d"));
    expect(order.indexOf("b")).toBeLessThan(order.indexOf("d"));
    expect(order.indexOf("l")).toBeLessThan(order.indexOf("i"));
    expect(order).toHaveLength(7);
  });
  it("topologicalOrder throws on cycles, findCycles names them", () => {
    const cyclic: Graph = { nodes: [n("a"), n("b"), n("c")], edges: [e("a", "b"), e("b", "c"), e("c", "b")] };
    expect(() => topologicalOrder(cyclic)).toThrow(GraphCycleError);
    try {
      topologicalOrder(cyclic);
    } catch (err) {
      expect((err as GraphCycleError).nodeIds).toEqual(["b", "c"]);
    }
    expect(findCycles(cyclic)).toEqual([["b", "c"]]);
    expect(findCycles(graph)).toEqual([]);
  });
  it("outgoing / incoming / findTrigger", () => {
    expect(outgoing(graph, "c").map((x) => x.target)).toEqual(["a", "b"]);
    expect(outgoing(graph, "c", "false").map((x) => x.target)).toEqual(["b"]);
    expect(incoming(graph, "d").map((x) => x.source)).toEqual(["a", "b", "l", "x"]);
    expect(findTrigger(graph)?.id).toBe("t");
    expect(findTrigger({ nodes: [n("a")], edges: [] })).toBeUndefined();
  });
  it("reachableFrom follows one handle first", () => {
    expect([...reachableFrom(graph, "c", "true")].sort()).toEqual(["a", "d"]);
    expect([...reachableFrom(graph, "t")].sort()).toEqual(["a", "b", "c", "d", "i", "l"]);
    expect([...reachableFrom(graph, "l", "item")]).toEqual(["i"]);
  });
  it("upstreamNodes lists ancestors in topological order", () => {
    const up = upstreamNodes(graph, "d").map((x) => x.id);
    expect([...up].sort()).toEqual(["a", "b", "c", "l", "t"]);
    expect(up[0]).toBe("t");
    expect(up.indexOf("c")).toBeLessThan(up.indexOf("a"));
    expect(upstreamNodes(graph, "a").map((x) => x.id)).toEqual(["t", "c"]);
    expect(upstreamNodes(graph, "t")).toEqual([]);
    expect(enclosingLoops(graph, "i").map((x) => x.id)).toEqual(["l"]);
    expect(enclosingLoops(graph, "d")).toEqual([]);
  });
});
