import { z } from "zod";
import { defineNodeType } from "../field-meta";
import { checkHumanRecipients, humanRecipientFields, humanRecipientMeta, recipientsSummary } from "./human-shared";
import { keyValueListSchema, truncate } from "./shared";

export const APPROVALS_NEEDED = ["one", "all", "n"] as const;
export const APPROVAL_EXPIRY_POLICIES = ["fail", "rejected", "expired"] as const;

export const approvalConfigSchema = z
  .object({
    ...humanRecipientFields,
    title: z.string().trim().max(200, "must be at most 200 characters").default("Approval needed").describe("Subject of the request; may use {{templates}}"),
    message: z.string().max(5_000, "must be at most 5,000 characters").default("").describe("What the approvers decide on; may use {{templates}}"),
    details: keyValueListSchema.default([]).describe("Facts shown to approvers, e.g. Amount = {{trigger.amount}}"),
    approvalsNeeded: z
      .enum(APPROVALS_NEEDED, { error: () => `must be one of: ${APPROVALS_NEEDED.join(", ")}` })
      .default("one")
      .describe('"one": the first approval decides; "all": everyone must approve; "n": at least N approvals'),
    approvalsCount: z.number({ error: () => "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(50, "must be at most 50").default(1).describe("N, when approvals needed is N of M"),
    onExpiry: z
      .enum(APPROVAL_EXPIRY_POLICIES, { error: () => `must be one of: ${APPROVAL_EXPIRY_POLICIES.join(", ")}` })
      .default("fail")
      .describe('When nobody decided in time: "fail" the run, take the "rejected" branch, or the "expired" branch'),
  })
  .superRefine((c, ctx) => checkHumanRecipients(c, ctx));
export type ApprovalConfig = z.infer<typeof approvalConfigSchema>;

export const approvalNode = defineNodeType({
  type: "approval",
  version: 1,
  kind: "control",
  category: "Flow",
  label: "Approval",
  description: "Pause until people approve or reject from a link or the Approvals inbox.",
  icon: "UserCheck",
  configSchema: approvalConfigSchema,
  defaultConfig: {
    approverEmails: "", approverUserIds: [], approverRoles: ["ADMIN"], expiresIn: 7, expiresUnit: "days", remindAfterHours: 0,
    title: "Approval needed", message: "", details: [], approvalsNeeded: "one", approvalsCount: 1, onExpiry: "fail",
  },
  handles: [
    { id: "approved", label: "Approved" },
    { id: "rejected", label: "Rejected" },
    { id: "expired", label: "Expired" },
  ],
  sampleOutput: {
    requestId: "apr_8f2k1",
    outcome: "approved",
    approvals: 1,
    rejections: 0,
    decisions: [{ by: "ada@example.com", decision: "approved", comment: "Looks good", channel: "link", at: "2025-01-31T09:05:00.000Z" }],
    decidedAt: "2025-01-31T09:05:00.000Z",
  },
  summarize(config) {
    const needed = config.approvalsNeeded === "all" ? "all of" : config.approvalsNeeded === "n" ? `${config.approvalsCount} of` : "one of";
    return truncate(`Approval by ${needed} ${recipientsSummary(config)}`, 120);
  },
  defaultTimeoutMs: 30_000,
  fieldMeta: {
    ...humanRecipientMeta,
    title: { label: "Title", widget: "text", templated: true },
    message: { label: "Message", widget: "textarea", templated: true },
    details: { label: "Details", widget: "keyValue", templated: true },
    approvalsNeeded: { label: "Approvals needed", widget: "select" },
    approvalsCount: { label: "N", widget: "number", showIf: { field: "approvalsNeeded", equals: ["n"] } },
    onExpiry: { label: "On expiry", widget: "select" },
  },
});
