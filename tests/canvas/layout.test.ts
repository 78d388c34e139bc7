import { describe, expect, it } from "vitest";
import { layoutGraph } from "@/lib/graph/layout";
import type { Graph } from "@/lib/graph/schema";

const handlesOf = (t: string) => (t === "condition" ? ["true", "false"] : ["next"]);

describe("layoutGraph", () => {
  it("lays out left to right with true above false", async () => {
    const g: Graph = {
      nodes: [
        { id: "t", type: "trigger", name: "T", config: {}, position: { x: 0, y: 0 } },
        { id: "c", type: "condition", name: "C", config: {}, position: { x: 0, y: 0 } },
        { id: "no", type: "http", name: "No", config: {}, position: { x: 0, y: 0 } },
        { id: "yes", type: "http", name: "Yes", config: {}, position: { x: 0, y: 0 } },
      ],
      edges: [
        { id: "e1", source: "t", sourceHandle: "next", target: "c" },
        { id: "e2", source: "c", sourceHandle: "false", target: "no" },
        { id: "e3", source: "c", sourceHandle: "true", target: "yes" },
      ],
    };
    const p = await layoutGraph(g, { handlesOf });
    expect(Object.keys(p).sort()).toEqual(["c", "no", "t", "yes"]);
    expect(p.c.x).toBeGreaterThan(p.t.x + 200);
    expect(p.yes.x).toBeGreaterThan(p.c.x);
    expect(p.yes.y).toBeLessThan(p.no.y);
  });

  it("handles an empty graph and disconnected nodes", async () => {
    expect(await layoutGraph({ nodes: [], edges: [] }, { handlesOf })).toEqual({});
    const p = await layoutGraph(
      {
        nodes: [
          { id: "a", type: "x", name: "A", config: {}, position: { x: 0, y: 0 } },
          { id: "b", type: "x", name: "B", config: {}, position: { x: 0, y: 0 } },
        ],
        edges: [],
      },
      { handlesOf },
    );
    expect(p.a).not.toEqual(p.b);
  });
});
