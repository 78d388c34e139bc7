import type { NodeTypeDefinition } from "@/lib/nodes/types";
import { nodeSettingsSchema, type Graph, type NodeSettings } from "@/lib/graph/schema";
import type { NodeExecutor } from "./contract";
import type { NodeRegistry } from "./ports";

/**
 * A graph snapshot prepared once for execution: adjacency by handle, a
 * topological index per node and parsed settings. Versions are immutable, so
 * compiled graphs are cached by version id (see graph-cache.ts).
 */
export interface CompiledNode {
  id: string;
  type: string;
  name: string;
  config: Record<string, unknown>;
  settings: NodeSettings;
  /** position in a topological order of the whole graph */
  topo: number;
  def: NodeTypeDefinition | undefined;
  exec: NodeExecutor | undefined;
  /** targets by source handle */
  out: Map<string, string[]>;
}

export interface CompiledGraph {
  nodes: Map<string, CompiledNode>;
  /** in graph order (buildStepsScope's name precedence) */
  list: Array<{ id: string; name: string }>;
  triggerId: string;
}

export class GraphError extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const DEFAULT_SETTINGS = nodeSettingsSchema.parse({});

export function compileGraph(graph: Graph, registry: NodeRegistry): CompiledGraph {
  const nodes = new Map<string, CompiledNode>();
  for (const n of graph.nodes) {
    const settings = n.settings ? nodeSettingsSchema.parse(n.settings) : DEFAULT_SETTINGS;
    const def = registry.definition(n.type);
    // Defaults of the type's config schema are applied before templates are resolved;
    // a config that does not parse (a draft under test) is passed as stored.
    const parsed = def?.configSchema.safeParse(n.config);
    const config = parsed?.success && isRecord(parsed.data) ? parsed.data : n.config;
    nodes.set(n.id, {
      id: n.id,
      type: n.type,
      name: n.name,
      config,
      settings,
      topo: -1,
      def,
      exec: registry.executor(n.type),
      out: new Map(),
    });
  }
  const indegree = new Map<string, number>([...nodes.keys()].map((id) => [id, 0]));
  for (const e of graph.edges) {
    const src = nodes.get(e.source);
    if (!src || !nodes.has(e.target)) throw new GraphError(`Edge ${e.id} connects a node that does not exist`);
    const list = src.out.get(e.sourceHandle) ?? [];
    if (!list.includes(e.target)) {
      list.push(e.target);
      indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
    }
    src.out.set(e.sourceHandle, list);
  }
  // Kahn's algorithm, stable in graph order.
  const ready = graph.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  let index = 0;
  while (ready.length > 0) {
    const id = ready.shift() as string;
    const node = nodes.get(id) as CompiledNode;
    node.topo = index++;
    for (const targets of node.out.values()) {
      for (const t of targets) {
        const d = (indegree.get(t) ?? 0) - 1;
        indegree.set(t, d);
        if (d === 0) ready.push(t);
      }
    }
  }
  if (index !== nodes.size) throw new GraphError("The graph has a cycle; use a loop node to repeat steps");

  let triggers = graph.nodes.filter((n) => nodes.get(n.id)?.def?.kind === "trigger");
  if (triggers.length === 0) {
    // Unknown trigger type (not in this build's catalog): the single root node starts the run.
    const roots = graph.nodes.filter((n) => !graph.edges.some((e) => e.target === n.id));
    if (roots.length === 1) triggers = roots;
  }
  if (triggers.length !== 1) {
    throw new GraphError(triggers.length === 0 ? "The graph has no trigger node" : "The graph has more than one trigger node");
  }
  return { nodes, list: graph.nodes.map((n) => ({ id: n.id, name: n.name })), triggerId: triggers[0].id };
}
