import { describe, expect, it } from "vitest";
import { getNodeType } from "@/lib/nodes/registry";
import { getExecutor } from "@/server/nodes/registry";
import { createPlanCache } from "./graph-cache";

/** The per-process plan cache: compiled once per version, bounded, least recently used out. */
const registry = { definition: getNodeType, executor: getExecutor };
const graph = JSON.stringify({
  nodes: [
    { id: "trigger", type: "manual", name: "Trigger", config: { sampleData: {} }, position: { x: 0, y: 0 } },
    { id: "set", type: "set_variables", name: "Set", config: { variables: [{ key: "a", value: "1" }] }, position: { x: 0, y: 100 } },
  ],
  edges: [{ id: "e1", source: "trigger", sourceHandle: "next", target: "set" }],
});

function counting() {
  const loads: string[] = [];
  const store = {
    async loadVersion(versionId: string) {
      loads.push(versionId);
      return { graph, conditions: "[]" };
    },
  };
  return { loads, store };
}
const run = (versionId: string) => ({ versionId, graphSnapshot: null, conditionsSnapshot: null });

describe("plan cache", () => {
  it("compiles a version once and returns the same plan", async () => {
    const { loads, store } = counting();
    const planFor = createPlanCache(store, registry, 3);
    const a = await planFor(run("v1"));
    expect(await planFor(run("v1"))).toBe(a);
    expect(a.graph.nodes.get("set")?.type).toBe("set_variables");
    expect(loads).toEqual(["v1"]);
  });

  it("holds at most `max` versions and evicts the least recently used", async () => {
    const { loads, store } = counting();
    const planFor = createPlanCache(store, registry, 3);
    for (const v of ["v1", "v2", "v3"]) await planFor(run(v));
    await planFor(run("v1")); // v1 is now the most recently used: v2 goes first
    await planFor(run("v4"));
    await planFor(run("v1")); // still cached (a first-in-first-out cache would have dropped it)
    await planFor(run("v3"));
    expect(loads).toEqual(["v1", "v2", "v3", "v4"]);
    await planFor(run("v2")); // evicted earlier: compiled again, evicting v4
    expect(loads).toEqual(["v1", "v2", "v3", "v4", "v2"]);
    await planFor(run("v1"));
    await planFor(run("v3"));
    expect(loads).toHaveLength(5);
    // After 1,000 other versions only the last `max` are kept.
    for (let i = 0; i < 1000; i++) await planFor(run(`x${i}`));
    await planFor(run("x999"));
    expect(loads).toHaveLength(1005);
    await planFor(run("x996"));
    expect(loads).toHaveLength(1006);
  });

  it("never caches test runs' graph snapshots", async () => {
    const { loads, store } = counting();
    const planFor = createPlanCache(store, registry, 3);
    const a = await planFor({ versionId: null, graphSnapshot: graph, conditionsSnapshot: null });
    const b = await planFor({ versionId: null, graphSnapshot: graph, conditionsSnapshot: null });
    expect(a).not.toBe(b);
    expect(loads).toEqual([]);
  });
});
