import { z } from "zod";
import { hasTemplate } from "../../templates/parse";
import { defineNodeType } from "../field-meta";
import { isJsonOrTemplate, keyValueListSchema } from "./shared";

const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const respondConfigSchema = z
  .object({
    status: z
      .number({ error: () => "must be a number" })
      .int("must be a whole number")
      .min(200, "must be at least 200")
      .max(599, "must be at most 599")
      .default(200)
      .describe("HTTP status the webhook caller receives (200–599)"),
    headers: keyValueListSchema.default([]).describe("Response headers; values may use {{templates}}"),
    bodyType: z
      .enum(["json", "text"], { error: () => 'must be "json" or "text"' })
      .default("json")
      .describe('"json" answers application/json, "text" answers text/plain'),
    body: z.string().max(1_000_000, "must be at most 1,000,000 characters").default("").describe("Response body; may use {{templates}}"),
  })
  .superRefine((config, ctx) => {
    config.headers.forEach((row, i) => {
      if (!hasTemplate(row.key) && !HEADER_NAME_RE.test(row.key)) {
        ctx.addIssue({ code: "custom", path: ["headers", i, "key"], message: `is not a valid header name: "${row.key}"` });
      }
    });
    if (config.bodyType === "json" && !isJsonOrTemplate(config.body)) {
      ctx.addIssue({ code: "custom", path: ["body"], message: "must be valid JSON when body type is json" });
    }
  });
export type RespondConfig = z.infer<typeof respondConfigSchema>;

export const respondNode = defineNodeType({
  type: "respond",
  version: 1,
  kind: "action",
  pure: true,
  category: "Actions",
  label: "Respond to webhook",
  description: "Set the status, headers and body a waiting webhook caller receives.",
  icon: "Send",
  configSchema: respondConfigSchema,
  defaultConfig: { status: 200, headers: [], bodyType: "json", body: '{"ok": true}' },
  handles: [{ id: "next", label: "Next" }],
  sampleOutput: { status: 200, headers: {}, body: { ok: true } },
  summarize(config) {
    return `Answer ${config.status} (${config.bodyType})`;
  },
  defaultTimeoutMs: 5_000,
  fieldMeta: {
    status: { label: "Status code", widget: "number" },
    headers: { label: "Headers", widget: "keyValue", templated: true },
    bodyType: { label: "Body type", widget: "select" },
    body: { label: "Body", widget: "textarea", templated: true },
  },
});
