import { z } from "zod";
import { defineNodeType } from "../field-meta";

export const manualConfigSchema = z.object({
  sampleData: z
    .record(z.string(), z.unknown())
    .default({})
    .describe(
      "JSON object used as trigger data when you test the automation from the editor. Its fields appear in the variable picker as {{trigger.…}}; real runs use the data they are started with.",
    ),
});
export type ManualConfig = z.infer<typeof manualConfigSchema>;

export const manualNode = defineNodeType({
  type: "manual",
  version: 1,
  kind: "trigger",
  pure: true,
  category: "Triggers",
  label: "Manual trigger",
  description: "Start the automation by hand, from the API, or from another automation.",
  icon: "Play",
  configSchema: manualConfigSchema,
  defaultConfig: { sampleData: {} },
  handles: [{ id: "next", label: "Next" }],
  sampleOutput: {
    contact: { first_name: "Ada", last_name: "Lovelace", email: "ada@example.com" },
    deal: { value: 5000, stage: "qualified" },
    tags: ["VIP"],
  },
  summarize(config) {
    const fields = Object.keys(config.sampleData).length;
    return fields === 0 ? "Started manually" : `Started manually · test data with ${fields} field${fields === 1 ? "" : "s"}`;
  },
  defaultTimeoutMs: 5_000,
  fieldMeta: {
    sampleData: { label: "Test data", widget: "json", raw: true },
  },
});
