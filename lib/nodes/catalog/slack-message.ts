import { z } from "zod";
import { hasTemplate } from "../../templates/parse";
import { defineNodeType } from "../field-meta";
import { connectionIdField, isHttpUrlOrTemplate, truncate } from "./shared";

export const slackMessageConfigSchema = z
  .object({
    connectionId: connectionIdField("A stored Slack incoming-webhook connection (the URL stays encrypted); or type a webhook URL instead"),
    webhookUrl: z
      .string()
      .trim()
      .max(2_000, "must be at most 2,000 characters")
      .default("")
      .describe("Slack incoming-webhook URL (https://hooks.slack.com/services/…), when no connection is chosen; prefer a connection: a URL typed here is stored in clear"),
    text: z
      .string()
      .max(40_000, "must be at most 40,000 characters")
      .default("")
      .describe("Required. Message text (Slack mrkdwn); also the notification fallback when blocks are set"),
    blocks: z
      .string()
      .max(100_000, "must be at most 100,000 characters")
      .default("")
      .describe("Optional Block Kit JSON array, e.g. [{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"Hi\"}}]"),
  })
  .superRefine((config, ctx) => {
    if (!isHttpUrlOrTemplate(config.webhookUrl)) {
      ctx.addIssue({ code: "custom", path: ["webhookUrl"], message: "must be an http:// or https:// URL (or a {{template}})" });
    }
    const blocks = config.blocks.trim();
    if (blocks !== "" && !hasTemplate(blocks)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(blocks);
      } catch {
        ctx.addIssue({ code: "custom", path: ["blocks"], message: "must be valid JSON (a Block Kit array)" });
        return;
      }
      if (!Array.isArray(parsed)) ctx.addIssue({ code: "custom", path: ["blocks"], message: "must be a JSON array of blocks" });
    }
  });
export type SlackMessageConfig = z.infer<typeof slackMessageConfigSchema>;

export const slackMessageNode = defineNodeType({
  type: "slack_message",
  version: 1,
  kind: "action",
  category: "Messaging",
  label: "Slack message",
  description: "Post a message to a Slack channel through an incoming webhook.",
  icon: "MessageSquare",
  configSchema: slackMessageConfigSchema,
  defaultConfig: { connectionId: "", webhookUrl: "", text: "", blocks: "" },
  handles: [{ id: "next", label: "Next" }],
  sampleOutput: { ok: true, status: 200, body: "ok" },
  summarize(config) {
    return config.text ? truncate(`Slack: ${config.text}`, 120) : "Slack message";
  },
  defaultTimeoutMs: 10_000,
  fieldMeta: {
    connectionId: { label: "Slack connection", widget: "connection", connectionTypes: ["slack_webhook"] },
    webhookUrl: { label: "Webhook URL", widget: "url", templated: true, requiredUnless: "connectionId", showIf: { field: "connectionId", equals: [""] } },
    text: { label: "Text", widget: "textarea", templated: true, required: true },
    blocks: { label: "Blocks (JSON)", widget: "json", templated: true, advanced: true },
  },
});
