import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode, ElkExtendedEdge, ElkPort } from "elkjs/lib/elk-api";
import type { Graph } from "./schema";
import type { HandlesOf } from "./edit-ops";

/**
 * Auto-layout (left to right) with ELK's layered algorithm. Isomorphic: the
 * bundled elkjs runs in the browser and in Node without a worker. Output handles
 * are modelled as ordered ports on the east side, so "true" stays above "false"
 * and "item" above "done".
 */

export interface LayoutSize {
  width: number;
  height: number;
}

export interface LayoutOptions {
  handlesOf: HandlesOf;
  /** Measured node sizes; falls back to `defaultSize`. */
  sizes?: Record<string, LayoutSize | undefined>;
  defaultSize?: LayoutSize;
}

const DEFAULT_SIZE: LayoutSize = { width: 260, height: 84 };

let elk: InstanceType<typeof ELK> | null = null;
const getElk = () => (elk ??= new ELK());

export async function layoutGraph(graph: Graph, opts: LayoutOptions): Promise<Record<string, { x: number; y: number }>> {
  if (graph.nodes.length === 0) return {};
  const fallback = opts.defaultSize ?? DEFAULT_SIZE;
  const nodeIds = new Set(graph.nodes.map((n) => n.id));

  const children: ElkNode[] = graph.nodes.map((n) => {
    const size = opts.sizes?.[n.id] ?? fallback;
    const handles = opts.handlesOf(n.type);
    const ports: ElkPort[] = [
      { id: `${n.id}::in`, layoutOptions: { "elk.port.side": "WEST", "elk.port.index": "0" } },
      ...handles.map((h, i) => ({
        id: `${n.id}::out::${h}`,
        // EAST ports are indexed clockwise (top to bottom) with FIXED_ORDER.
        layoutOptions: { "elk.port.side": "EAST", "elk.port.index": String(i) },
      })),
    ];
    return {
      id: n.id,
      width: size.width,
      height: size.height,
      ports,
      layoutOptions: { "elk.portConstraints": "FIXED_ORDER" },
    };
  });

  const edges: ElkExtendedEdge[] = graph.edges
    .filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target))
    .map((e) => {
      const handles = opts.handlesOf(graph.nodes.find((n) => n.id === e.source)?.type ?? "");
      const port = handles.includes(e.sourceHandle) ? `${e.source}::out::${e.sourceHandle}` : e.source;
      return { id: e.id, sources: [port], targets: [`${e.target}::in`] };
    });

  const result = await getElk().layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "90",
      "elk.spacing.nodeNode": "48",
      "elk.spacing.componentComponent": "80",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.edgeRouting": "SPLINES",
    },
    children,
    edges,
  });

  const positions: Record<string, { x: number; y: number }> = {};
  for (const c of result.children ?? []) positions[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return positions;
}
