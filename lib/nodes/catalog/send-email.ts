import { z } from "zod";
import { defineNodeType } from "../field-meta";
import { connectionIdField, invalidAddresses, splitAddresses, truncate } from "./shared";

const MAX_RECIPIENTS = 50;

function addressList(description: string) {
  return z.string().max(5_000, "must be at most 5,000 characters").default("").describe(description);
}

export const sendEmailConfigSchema = z
  .object({
    to: addressList("Required. Comma-separated addresses, e.g. ada@example.com, Bob <bob@example.com>, or {{trigger.contact.email}}"),
    cc: addressList("Comma-separated addresses (optional)"),
    bcc: addressList("Comma-separated addresses (optional)"),
    subject: z.string().max(998, "must be at most 998 characters").default("").describe("Required. Subject line; may use {{templates}}"),
    text: z.string().max(500_000, "must be at most 500,000 characters").default("").describe("Plain-text body; may use {{templates}}"),
    html: z.string().max(500_000, "must be at most 500,000 characters").default("").describe("HTML body (optional); inserted values are HTML-escaped"),
    connectionId: connectionIdField("Optional. Send through this SMTP connection, from its sender; without one: the workspace mailer (SMTP_URL, or the outbox)"),
  })
  .superRefine((config, ctx) => {
    for (const field of ["to", "cc", "bcc"] as const) {
      const bad = invalidAddresses(config[field]);
      if (bad.length > 0) {
        ctx.addIssue({ code: "custom", path: [field], message: `has invalid address${bad.length > 1 ? "es" : ""}: ${bad.join(", ")}` });
      }
      if (splitAddresses(config[field]).length > MAX_RECIPIENTS) {
        ctx.addIssue({ code: "custom", path: [field], message: `must have at most ${MAX_RECIPIENTS} addresses` });
      }
    }
  });
export type SendEmailConfig = z.infer<typeof sendEmailConfigSchema>;

export const sendEmailNode = defineNodeType({
  type: "send_email",
  version: 1,
  kind: "action",
  category: "Messaging",
  label: "Send email",
  description: "Send an email through the workspace mailer (SMTP, or the outbox when none is set).",
  icon: "Mail",
  configSchema: sendEmailConfigSchema,
  defaultConfig: { to: "", cc: "", bcc: "", subject: "", text: "", html: "", connectionId: "" },
  handles: [{ id: "next", label: "Next" }],
  sampleOutput: { id: "eml_3h7c2", status: "sent", transport: "smtp", messageId: "<3h7c2@switchyard.local>" },
  summarize(config) {
    const to = config.to.trim() || "(no recipient)";
    return truncate(config.subject ? `Email ${to}: ${config.subject}` : `Email ${to}`, 120);
  },
  defaultTimeoutMs: 30_000,
  fieldMeta: {
    to: { label: "To", widget: "emailList", templated: true, required: true },
    cc: { label: "Cc", widget: "emailList", templated: true, advanced: true },
    bcc: { label: "Bcc", widget: "emailList", templated: true, advanced: true },
    subject: { label: "Subject", widget: "text", templated: true, required: true },
    text: { label: "Text", widget: "textarea", templated: true },
    html: { label: "HTML", widget: "html", templated: true, advanced: true, encode: "html" },
    connectionId: { label: "SMTP server", widget: "connection", connectionTypes: ["smtp"] },
  },
});
