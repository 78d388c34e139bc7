import { isTriggerType } from "../nodes/registry";
import { graphSchema, type Graph } from "../graph/schema";

export interface GraphSummary {
  /** Type of the (first) trigger node, e.g. "manual"; null when there is none. */
  triggerType: string | null;
  /** Number of steps other than triggers. */
  stepCount: number;
}

/** Denormalized facts for list views (Automation.triggerType / stepCount). Never throws. */
export function summarizeGraph(graph: Graph | unknown): GraphSummary {
  const parsed = graphSchema.safeParse(graph);
  if (!parsed.success) return { triggerType: null, stepCount: 0 };
  const trigger = parsed.data.nodes.find((n) => isTriggerType(n.type));
  return {
    triggerType: trigger?.type ?? null,
    stepCount: parsed.data.nodes.filter((n) => !isTriggerType(n.type)).length,
  };
}
