import { approvalConfigSchema, type ApprovalConfig } from "@/lib/nodes/catalog/approval";
import type { NodeContext, NodeExecutor, NodeResult } from "@/server/engine/contract";
import { numeric, optionalText, parseConfig, record, textRows } from "./config";
import { baseRequest, expiredFailure, openAndWait, outcomeOf, recipientInput } from "./human";

/**
 * Approval: the run pauses (PAUSED, step WAITING) until enough approvers decide
 * (one, all, or N of M) or the request expires; then follows "approved",
 * "rejected" or, by the expiry policy, "expired" / "rejected" / fails the run.
 */
function config(ctx: NodeContext): ApprovalConfig {
  const raw = recipientInput(record(ctx.config));
  return parseConfig(
    approvalConfigSchema,
    {
      ...raw,
      title: optionalText(raw.title),
      message: optionalText(raw.message),
      details: raw.details === undefined ? undefined : textRows(raw.details),
      approvalsCount: numeric(raw.approvalsCount),
      expiresIn: numeric(raw.expiresIn),
      remindAfterHours: numeric(raw.remindAfterHours),
    },
    "Approval",
  );
}

function needed(c: ApprovalConfig): number | "all" {
  return c.approvalsNeeded === "all" ? "all" : c.approvalsNeeded === "n" ? c.approvalsCount : 1;
}

export const approvalExecutor: NodeExecutor = {
  type: "approval",
  version: 1,
  async preview(ctx) {
    const c = config(ctx);
    const b = baseRequest(ctx, c);
    return { title: c.title, message: c.message, details: c.details, emails: b.emails, userIds: b.userIds, roles: b.roles, approvalsNeeded: needed(c), expiresAt: b.expiresAt.toISOString(), onExpiry: c.onExpiry };
  },
  async execute(ctx): Promise<NodeResult> {
    const c = config(ctx);
    const o = outcomeOf(ctx);
    if (o) {
      const output = { requestId: o.requestId, outcome: o.outcome, approvals: o.approvals, rejections: o.rejections, decisions: o.decisions, decidedAt: o.decidedAt };
      if (o.outcome === "expired") {
        if (c.onExpiry === "fail") expiredFailure("approval", o);
        return { output, handle: c.onExpiry };
      }
      return { output, handle: o.outcome === "approved" ? "approved" : "rejected" };
    }
    return openAndWait(ctx, {
      ...baseRequest(ctx, c),
      kind: "approval",
      title: c.title.trim() || "Approval needed",
      message: c.message,
      details: c.details.map((d) => ({ label: d.key, value: d.value })),
      fields: [],
      approvalsNeeded: needed(c),
      onExpiry: c.onExpiry,
    });
  },
};
