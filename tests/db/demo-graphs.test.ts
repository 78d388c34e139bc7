import { describe, expect, it } from "vitest";
import { validateGraph } from "@/lib/graph/validate";
import { DEMO_AUTOMATIONS } from "@/server/services/seed/demo-data";

describe("demo automations", () => {
  it.each(DEMO_AUTOMATIONS.map((a) => [a.name, a] as const))("%s has a valid graph (publishable)", (_name, a) => {
    const result = validateGraph(a.graph);
    const errors = result.problems.filter((p) => p.severity !== "warning");
    expect(errors).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
