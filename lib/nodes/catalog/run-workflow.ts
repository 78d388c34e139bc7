import { z } from "zod";
import { defineNodeType } from "../field-meta";
import { checkDuplicateKeys, keyValueListSchema } from "./shared";

export const runWorkflowConfigSchema = z
  .object({
    automationId: z
      .string()
      .trim()
      .max(64, "must be at most 64 characters")
      .default("")
      .describe("Required. The automation to start (its published version runs), in this workspace."),
    input: keyValueListSchema
      .default([])
      .describe(
        "Trigger data for the child run, one row per top-level field. Values may use {{templates}}; a single {{template}} keeps its type (list, number, object).",
      ),
    waitForCompletion: z
      .boolean({ error: () => "must be true or false" })
      .default(true)
      .describe("Wait for the child run to finish and use its output; otherwise continue at once with the child run id"),
  })
  .superRefine((config, ctx) => checkDuplicateKeys(config.input, ctx, "input"));
export type RunWorkflowConfig = z.infer<typeof runWorkflowConfigSchema>;

export const runWorkflowNode = defineNodeType({
  type: "run_workflow",
  version: 1,
  kind: "control",
  category: "Flow",
  label: "Run workflow",
  description: "Start another automation with data from this run, optionally waiting for its result.",
  icon: "Workflow",
  configSchema: runWorkflowConfigSchema,
  defaultConfig: { automationId: "", input: [], waitForCompletion: true },
  handles: [{ id: "next", label: "Next" }],
  sampleOutput: { runId: "run_8f2k1", status: "COMPLETED", output: { ok: true }, error: null },
  summarize(config) {
    if (!config.automationId) return "Run workflow (no automation chosen)";
    return `Run ${config.automationId}${config.waitForCompletion ? " and wait" : ""}`;
  },
  defaultTimeoutMs: 10_000,
  fieldMeta: {
    automationId: { label: "Automation", widget: "automation", required: true },
    input: { label: "Input", widget: "keyValue", templated: true },
    "input.*.key": { raw: true },
    waitForCompletion: { label: "Wait for completion", widget: "switch" },
  },
});
