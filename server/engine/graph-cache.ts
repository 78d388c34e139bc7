import { graphSchema } from "@/lib/graph/schema";
import { conditionsSchema, type Condition } from "@/lib/conditions/schema";
import { compileGraph, GraphError, type CompiledGraph } from "./compiled-graph";
import type { NodeRegistry } from "./ports";
import type { ClaimedRun, RunStore } from "./store";

export interface ExecutablePlan {
  graph: CompiledGraph;
  conditions: Condition[];
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GraphError(`The ${what} stored for this run is not valid JSON`);
  }
}

export function buildPlan(graphText: string, conditionsText: string | null, registry: NodeRegistry): ExecutablePlan {
  const graph = graphSchema.safeParse(parseJson(graphText, "graph"));
  if (!graph.success) throw new GraphError(`The graph stored for this run is invalid: ${graph.error.issues[0]?.message ?? "unknown problem"}`);
  const conds = conditionsSchema.safeParse(conditionsText ? parseJson(conditionsText, "conditions") : []);
  if (!conds.success) throw new GraphError(`The conditions stored for this run are invalid: ${conds.error.issues[0]?.message ?? "unknown problem"}`);
  return { graph: compileGraph(graph.data, registry), conditions: conds.data };
}

/**
 * Published versions are immutable: compile each once per process. Bounded, least
 * recently used first out (a Map iterates in insertion order; a hit re-inserts),
 * so a long-lived server's memory does not grow with the number of versions it
 * has executed, and a hot version is not evicted by a burst of others.
 * Test runs (graph snapshots) are compiled per claim and never cached.
 */
export function createPlanCache(store: Pick<RunStore, "loadVersion">, registry: NodeRegistry, max = 200) {
  const cache = new Map<string, ExecutablePlan>();
  return async function planFor(run: Pick<ClaimedRun, "versionId" | "graphSnapshot" | "conditionsSnapshot">): Promise<ExecutablePlan> {
    if (!run.versionId) {
      if (!run.graphSnapshot) throw new GraphError("This run has neither a version nor a graph snapshot");
      return buildPlan(run.graphSnapshot, run.conditionsSnapshot, registry);
    }
    const hit = cache.get(run.versionId);
    if (hit) {
      cache.delete(run.versionId);
      cache.set(run.versionId, hit);
      return hit;
    }
    const version = await store.loadVersion(run.versionId);
    if (!version) throw new GraphError("The automation version this run executes no longer exists");
    const plan = buildPlan(version.graph, version.conditions, registry);
    if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    cache.set(run.versionId, plan);
    return plan;
  };
}
