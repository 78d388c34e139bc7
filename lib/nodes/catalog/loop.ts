import { z } from "zod";
import { defineNodeType } from "../field-meta";

export const LOOP_MAX_ITEMS = 10_000;

export const loopConfigSchema = z.object({
  items: z
    .string()
    .trim()
    .min(1, "is required")
    .max(2_000, "must be at most 2,000 characters")
    .default("{{trigger.items}}")
    .describe(
      "The list to iterate over: a template that resolves to an array, e.g. {{trigger.items}} or {{steps[\"Fetch orders\"].body.data}}. Inside the loop use {{loop.item}} and {{loop.index}}.",
    ),
  maxItems: z
    .number({ error: () => "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(LOOP_MAX_ITEMS, `must be at most ${LOOP_MAX_ITEMS.toLocaleString("en-US")}`)
    .default(100)
    .describe(`Fail the step when the list is longer than this (1–${LOOP_MAX_ITEMS.toLocaleString("en-US")})`),
});
export type LoopConfig = z.infer<typeof loopConfigSchema>;

export const loopNode = defineNodeType({
  type: "loop",
  version: 1,
  kind: "control",
  pure: true,
  category: "Flow",
  label: "Loop",
  description: "Run the steps on “Each item” once per list element, then continue on “Done”.",
  icon: "Repeat",
  configSchema: loopConfigSchema,
  defaultConfig: { items: "{{trigger.items}}", maxItems: 100 },
  handles: [
    { id: "item", label: "Each item" },
    { id: "done", label: "Done" },
  ],
  sampleOutput: { count: 2, items: [{ sku: "A-100", qty: 1 }, { sku: "B-200", qty: 3 }] },
  summarize(config) {
    return `For each item in ${config.items} (max ${config.maxItems})`;
  },
  defaultTimeoutMs: 5_000,
  fieldMeta: {
    items: { label: "Items", widget: "text", templated: true, placeholder: "{{trigger.items}}" },
    maxItems: { label: "Maximum items", widget: "number", advanced: true },
  },
});
