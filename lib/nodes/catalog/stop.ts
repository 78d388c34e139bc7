import { z } from "zod";
import { defineNodeType } from "../field-meta";
import { truncate } from "./shared";

export const stopConfigSchema = z.object({
  status: z
    .enum(["completed", "failed"], { error: () => 'must be "completed" or "failed"' })
    .default("completed")
    .describe("How the run ends: completed (success) or failed"),
  message: z
    .string()
    .max(1_000, "must be at most 1,000 characters")
    .default("")
    .describe("Shown on the run, e.g. why it stopped; may use {{templates}}"),
});
export type StopConfig = z.infer<typeof stopConfigSchema>;

export const stopNode = defineNodeType({
  type: "stop",
  version: 1,
  kind: "control",
  pure: true,
  category: "Flow",
  label: "Stop",
  description: "End the run here as completed or failed.",
  icon: "OctagonX",
  configSchema: stopConfigSchema,
  defaultConfig: { status: "completed", message: "" },
  handles: [],
  sampleOutput: { status: "completed", message: "Nothing to do" },
  summarize(config) {
    const head = config.status === "failed" ? "Stop as failed" : "Stop as completed";
    return config.message ? truncate(`${head}: ${config.message}`, 120) : head;
  },
  defaultTimeoutMs: 5_000,
  fieldMeta: {
    status: { label: "End as", widget: "select" },
    message: { label: "Message", widget: "textarea", templated: true },
  },
});
