import { z } from "zod";
import { defineNodeType } from "../field-meta";
import { OUTGOING_DEFAULT_EVENT_TYPE } from "../../outgoing-webhooks/fields";
import { isJsonOrTemplate, truncate } from "./shared";

const EVENT_TYPE_RE = /^[A-Za-z0-9_.:-]+$/;

export const outgoingWebhookConfigSchema = z
  .object({
    webhookId: z
      .string()
      .trim()
      .max(64, "must be at most 64 characters")
      .default("")
      .describe("Required. The outgoing webhook endpoint (Settings → Webhooks → Outgoing endpoints) to post to; its URL, headers and signing secret apply"),
    eventType: z
      .string()
      .trim()
      .min(1, "is required")
      .max(100, "must be at most 100 characters")
      .default(OUTGOING_DEFAULT_EVENT_TYPE)
      .describe('The event type sent as "type" in the body, e.g. order.paid (letters, digits, . _ : -)'),
    body: z
      .string()
      .max(200_000, "must be at most 200,000 characters")
      .default("{}")
      .describe('JSON sent as "data" of the signed body { id, type, timestamp, workspace_id, data }; may use {{templates}}'),
  })
  .superRefine((config, ctx) => {
    if (!config.eventType.includes("{{") && !EVENT_TYPE_RE.test(config.eventType)) {
      ctx.addIssue({ code: "custom", path: ["eventType"], message: "may contain only letters, digits and . _ : -" });
    }
    if (!isJsonOrTemplate(config.body)) ctx.addIssue({ code: "custom", path: ["body"], message: "must be valid JSON" });
  });
export type OutgoingWebhookConfig = z.infer<typeof outgoingWebhookConfigSchema>;

export const outgoingWebhookNode = defineNodeType({
  type: "outgoing_webhook",
  version: 1,
  kind: "action",
  category: "Actions",
  label: "Outgoing webhook",
  description: "Post a signed event (Standard Webhooks) to one of the workspace's outgoing webhook endpoints.",
  icon: "Radio",
  configSchema: outgoingWebhookConfigSchema,
  defaultConfig: { webhookId: "", eventType: OUTGOING_DEFAULT_EVENT_TYPE, body: "{}" },
  handles: [{ id: "next", label: "Next" }],
  sampleOutput: { ok: true, status: 200, webhook: "Billing system", messageId: "msg_2b7Y0mXJ4kH1", durationMs: 84, response: "ok" },
  summarize(config) {
    return truncate(`Webhook: ${config.eventType}`, 120);
  },
  // The endpoint's own timeout (≤ 30 s) bounds the call.
  defaultTimeoutMs: 35_000,
  fieldMeta: {
    webhookId: { label: "Endpoint", widget: "outgoingWebhook", required: true },
    eventType: { label: "Event type", widget: "text", templated: true, placeholder: OUTGOING_DEFAULT_EVENT_TYPE },
    body: { label: "Body (JSON)", widget: "json", templated: true, description: 'Sent as "data"; the body is { id, type, timestamp, workspace_id, data }' },
  },
});
