import { humanExpiryMs, type HumanRecipientConfig } from "@/lib/nodes/catalog/human-shared";
import { splitAddresses } from "@/lib/nodes/catalog/shared";
import { fatal, fatalWithOutput, type HumanTaskRequest, type HumanTasks, type JsonValue, type NodeContext, type NodeResult } from "@/server/engine/contract";
import { record, text } from "./config";

/**
 * Shared half of the human steps (approval, form): open the request through
 * ctx.services.humanTasks (which creates one link per person and sends it), then
 * wait on an external token until the request reaches an outcome; the resumed
 * step reads that outcome from ctx.resume.payload.
 */
export interface HumanOutcome {
  requestId: string;
  outcome: "approved" | "rejected" | "submitted" | "expired";
  approvals: number;
  rejections: number;
  decisions: JsonValue[];
  values: Record<string, JsonValue> | null;
  decidedBy: string | null;
  decidedAt: string;
}

export function humanTasksOf(ctx: NodeContext): HumanTasks {
  const h = ctx.services.humanTasks;
  if (!h) throw fatal("Approval and form steps are not available in this engine (no humanTasks service)", "HUMAN_TASKS_UNAVAILABLE");
  return h;
}

/** Coerces resolved recipient fields to the schema's shapes (templates may resolve to lists). */
export function recipientInput(raw: Record<string, unknown>): Record<string, unknown> {
  const emails = raw.approverEmails;
  return {
    ...raw,
    approverEmails: emails === undefined ? undefined : Array.isArray(emails) ? emails.map((e) => text(e)).join(", ") : text(emails),
    approverUserIds: Array.isArray(raw.approverUserIds) ? raw.approverUserIds.map((u) => text(u)) : raw.approverUserIds,
  };
}

export function baseRequest(ctx: NodeContext, c: HumanRecipientConfig): Omit<HumanTaskRequest, "kind" | "title" | "message" | "details" | "fields" | "approvalsNeeded" | "onExpiry"> {
  const now = ctx.services.now().getTime();
  return {
    workspaceId: ctx.workspaceId,
    automationId: ctx.automationId,
    runId: ctx.runId,
    nodeId: ctx.nodeId,
    nodeName: ctx.nodeName,
    stepKey: ctx.idempotencyKey,
    emails: splitAddresses(c.approverEmails),
    userIds: c.approverUserIds,
    roles: c.approverRoles,
    expiresAt: new Date(now + humanExpiryMs(c)),
    remindAt: c.remindAfterHours > 0 ? new Date(now + c.remindAfterHours * 3_600_000) : null,
  };
}

export async function openAndWait(ctx: NodeContext, request: HumanTaskRequest): Promise<NodeResult> {
  const opened = await humanTasksOf(ctx).open(request);
  return {
    wait: {
      kind: "external",
      tokenHash: opened.tokenHash,
      output: {
        requestId: opened.requestId,
        status: "waiting",
        approvers: opened.approvers,
        approvalsNeeded: opened.approvalsNeeded,
        expiresAt: opened.expiresAt.toISOString(),
      },
    },
  };
}

/** The outcome a resumed step received (the approvals service's payload). */
export function outcomeOf(ctx: NodeContext): HumanOutcome | null {
  if (ctx.resume?.kind !== "external") return null;
  const p = record(ctx.resume.payload);
  const outcome = p.outcome;
  if (outcome !== "approved" && outcome !== "rejected" && outcome !== "submitted" && outcome !== "expired") {
    throw fatal(`The step was resumed without a valid outcome (got ${JSON.stringify(outcome ?? null)}); expected approved, rejected, submitted or expired`, "RESUME_INVALID");
  }
  return {
    requestId: text(p.requestId),
    outcome,
    approvals: typeof p.approvals === "number" ? p.approvals : 0,
    rejections: typeof p.rejections === "number" ? p.rejections : 0,
    decisions: Array.isArray(p.decisions) ? (p.decisions as JsonValue[]) : [],
    values: p.values && typeof p.values === "object" && !Array.isArray(p.values) ? (p.values as Record<string, JsonValue>) : null,
    decidedBy: typeof p.decidedBy === "string" ? p.decidedBy : null,
    decidedAt: typeof p.decidedAt === "string" ? p.decidedAt : ctx.services.now().toISOString(),
  };
}

/** The step fails (onExpiry "fail"); the failed step's record keeps the decisions taken before the expiry. */
export function expiredFailure(kind: "approval" | "form", o: HumanOutcome): never {
  const what = kind === "approval" ? (o.decisions.length ? "Not enough approvers decided on this approval" : "Nobody decided on this approval") : "Nobody submitted this form";
  throw fatalWithOutput(`${what} before it expired (${o.decidedAt}); the step is set to fail the run on expiry`, kind === "approval" ? "APPROVAL_EXPIRED" : "FORM_EXPIRED", {
    requestId: o.requestId, outcome: "expired", expiredAt: o.decidedAt, approvals: o.approvals, rejections: o.rejections, decisions: o.decisions,
  });
}
