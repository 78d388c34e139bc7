import type { Graph } from "@/lib/graph/schema";
import { summarizeGraph } from "@/lib/automation/summary";

/** Stored in Automation.triggerType when the draft has no trigger node yet. */
export const NO_TRIGGER = "none";

export interface DraftSummary {
  triggerType: string;
  stepCount: number;
}

/** List-view fields of a draft (trigger type from the node catalog, steps = non-trigger nodes). */
export function summarizeDraft(graph: Graph): DraftSummary {
  const summary = summarizeGraph(graph);
  return { triggerType: summary.triggerType ?? NO_TRIGGER, stepCount: summary.stepCount };
}
