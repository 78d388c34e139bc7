import type { Graph } from "@/lib/graph/schema";

/** Draft graph of a new automation: one manual trigger and nothing else. */
export function initialGraph(): Graph {
  return {
    nodes: [
      {
        id: "trigger",
        type: "manual",
        name: "Manual trigger",
        config: { sampleData: {} },
        position: { x: 0, y: 0 },
      },
    ],
    edges: [],
  };
}
