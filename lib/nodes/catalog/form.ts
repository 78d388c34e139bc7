import { z } from "zod";
import { formFieldsSchema } from "../../approvals/form-fields";
import { defineNodeType } from "../field-meta";
import { checkHumanRecipients, humanRecipientFields, humanRecipientMeta, recipientsSummary } from "./human-shared";
import { truncate } from "./shared";

export const FORM_EXPIRY_POLICIES = ["fail", "expired"] as const;

export const formConfigSchema = z
  .object({
    ...humanRecipientFields,
    title: z.string().trim().max(200, "must be at most 200 characters").default("Please fill in this form").describe("Title of the form; may use {{templates}}"),
    message: z.string().max(5_000, "must be at most 5,000 characters").default("").describe("Text above the fields; may use {{templates}}"),
    fields: formFieldsSchema
      .default([{ name: "answer", label: "Answer", type: "text", required: true, help: "", placeholder: "", options: [], pattern: "" }])
      .describe('Fields: [{ "name", "label", "type": text | email | number | select | checkbox | date | long_text, "required", "options" (select), "min", "max", "pattern", "help" }]'),
    onExpiry: z
      .enum(FORM_EXPIRY_POLICIES, { error: () => `must be one of: ${FORM_EXPIRY_POLICIES.join(", ")}` })
      .default("fail")
      .describe('When nobody answered in time: "fail" the run or take the "expired" branch'),
  })
  .superRefine((c, ctx) => {
    checkHumanRecipients(c, ctx);
    if (c.fields.length === 0) ctx.addIssue({ code: "custom", path: ["fields"], message: "must have at least one field" });
  });
export type FormConfig = z.infer<typeof formConfigSchema>;

export const formNode = defineNodeType({
  type: "form",
  version: 1,
  kind: "control",
  category: "Flow",
  label: "Form",
  description: "Send a form link and pause until someone submits it; the answers become the step output.",
  icon: "FileText",
  configSchema: formConfigSchema,
  defaultConfig: {
    approverEmails: "", approverUserIds: [], approverRoles: ["ADMIN"], expiresIn: 7, expiresUnit: "days", remindAfterHours: 0,
    title: "Please fill in this form", message: "",
    fields: [{ name: "answer", label: "Answer", type: "text", required: true, help: "", placeholder: "", options: [], pattern: "" }],
    onExpiry: "fail",
  },
  handles: [
    { id: "submitted", label: "Submitted" },
    { id: "expired", label: "Expired" },
  ],
  sampleOutput: { requestId: "apr_8f2k1", outcome: "submitted", values: { answer: "Yes" }, submittedBy: "ada@example.com", submittedAt: "2025-01-31T09:05:00.000Z" },
  summarize(config) {
    return truncate(`Form (${config.fields.length} field${config.fields.length === 1 ? "" : "s"}) for ${recipientsSummary(config)}`, 120);
  },
  defaultTimeoutMs: 30_000,
  fieldMeta: {
    ...humanRecipientMeta,
    title: { label: "Title", widget: "text", templated: true },
    message: { label: "Message", widget: "textarea", templated: true },
    fields: { label: "Fields", widget: "json", raw: true },
    onExpiry: { label: "On expiry", widget: "select" },
  },
});
