import { z } from "zod";
import type { ApprovalDetail, ApprovalSummary } from "@/server/services/approvals/present";
import type { CallbackResult, CallbackView, PublicRequest } from "@/server/services/approvals/callback";
import { errorEnvelopeSchema, iso, isoOrNull, registerSchema } from "./common";

/** REST shapes of approval and form requests (snake_case, statuses lowercase). */
const status = z.enum(["pending", "approved", "rejected", "submitted", "expired", "cancelled"]);

export const approvalSummarySchema = registerSchema(
  "ApprovalSummary",
  z.object({
    id: z.string(),
    kind: z.enum(["approval", "form"]),
    status,
    title: z.string(),
    automation_id: z.string(),
    automation_name: z.string(),
    run_id: z.string(),
    step_name: z.string(),
    requested_by: z.string(),
    approvals: z.number().int(),
    rejections: z.number().int(),
    approvals_needed: z.number().int(),
    approvers_total: z.number().int(),
    created_at: z.string(),
    expires_at: z.string(),
    resolved_at: z.string().nullable(),
  }),
);

export const approvalSchema = registerSchema(
  "Approval",
  approvalSummarySchema.extend({
    message: z.string(),
    details: z.array(z.object({ label: z.string(), value: z.string() })),
    fields: z.array(z.record(z.string(), z.unknown())).describe("Form field definitions (forms)"),
    on_expiry: z.string(),
    approvers: z.array(z.object({ email: z.string(), name: z.string(), is_member: z.boolean(), decided: z.boolean() })),
    decisions: z.array(
      z.object({
        decision: z.enum(["approved", "rejected", "submitted"]),
        by: z.string(),
        comment: z.string(),
        channel: z.enum(["link", "in_app", "admin", "api"]),
        ip: z.string().nullable(),
        values: z.record(z.string(), z.unknown()).nullable(),
        at: z.string(),
      }),
    ),
  }),
);

type Status = z.infer<typeof status>;
const lower = (s: string) => s.toLowerCase() as Status;

export function presentApprovalSummary(a: ApprovalSummary): z.input<typeof approvalSummarySchema> {
  return {
    id: a.id, kind: a.kind, status: lower(a.status), title: a.title, automation_id: a.automationId, automation_name: a.automationName, run_id: a.runId,
    step_name: a.nodeName, requested_by: a.requestedBy, approvals: a.approvals, rejections: a.rejections, approvals_needed: a.approvalsNeeded,
    approvers_total: a.approverCount, created_at: iso(a.createdAt), expires_at: iso(a.expiresAt), resolved_at: isoOrNull(a.resolvedAt),
  };
}

export function presentApproval(a: ApprovalDetail): z.input<typeof approvalSchema> {
  return {
    ...presentApprovalSummary(a),
    message: a.message,
    details: a.details,
    fields: a.fields as unknown as Array<Record<string, unknown>>,
    on_expiry: a.onExpiry,
    approvers: a.approvers.map((p) => ({ email: p.email, name: p.name, is_member: p.isMember, decided: p.decided })),
    decisions: a.decisions.map((d) => ({
      decision: d.decision as "approved" | "rejected" | "submitted", by: d.by, comment: d.comment, channel: d.channel as "link" | "in_app" | "admin" | "api",
      ip: d.ip, values: d.values, at: iso(d.at),
    })),
  };
}

/** The public callback (GET/POST /api/v1/callbacks/{token}): the page's states as JSON; nothing beyond what the page shows. */
function publicRequest(r: PublicRequest) {
  return {
    kind: r.kind, title: r.title, message: r.message, details: r.details, fields: r.fields, automation_name: r.automationName, requested_by: r.requestedBy,
    requested_at: iso(r.requestedAt), expires_at: iso(r.expiresAt), approver: r.approver, approvals_needed: r.approvalsNeeded, approvers_total: r.approverCount,
    decisions: r.decisions.map((d) => ({ by: d.by, decision: d.decision, at: iso(d.at) })),
  };
}

export function presentCallback(s: CallbackView | CallbackResult): Record<string, unknown> {
  switch (s.state) {
    case "open":
      return { state: "open", request: publicRequest(s.request) };
    case "decided":
      return { state: "decided", decision: s.decision, outcome: s.outcome, request: publicRequest(s.request) };
    case "invalid":
      return { state: "invalid", errors: s.errors, request: publicRequest(s.request) };
    case "used":
      return { state: "used", decision: s.decision, at: iso(s.at) };
    case "closed":
      return { state: "closed", outcome: s.outcome };
    default:
      return { state: s.state };
  }
}

const callbackRequestSchema = registerSchema(
  "CallbackRequest",
  z.object({
    kind: z.enum(["approval", "form"]),
    title: z.string(),
    message: z.string(),
    details: z.array(z.object({ label: z.string(), value: z.string() })),
    fields: z.array(z.record(z.string(), z.unknown())).describe("Form fields (kind form): name, label, type, required, options"),
    automation_name: z.string(),
    requested_by: z.string(),
    requested_at: z.string(),
    expires_at: z.string(),
    approver: z.string().describe("The person this link belongs to"),
    approvals_needed: z.number().int(),
    approvers_total: z.number().int(),
    decisions: z.array(z.object({ by: z.string(), decision: z.string(), at: z.string() })),
  }),
);

export const CALLBACK_STATES = ["open", "decided", "invalid", "not-found", "expired", "withdrawn", "used", "closed", "already-decided"] as const;

/** Every answer of GET/POST /callbacks/{token} that is not a request error: the page's state, plus the error envelope when the status is 4xx. */
export const callbackStateSchema = registerSchema(
  "CallbackState",
  z
    .object({
      state: z.enum(CALLBACK_STATES).describe("open (200, GET), decided (200, POST), invalid (422: form errors), not-found (404), expired | withdrawn | used | closed (410), already-decided (409)"),
      request: callbackRequestSchema.optional().describe("open, decided, invalid"),
      decision: z.string().optional().describe("decided: approved | rejected | submitted; used: the decision made with this link"),
      outcome: z.string().nullable().optional().describe("decided: the request's outcome once settled (null while more approvals are needed); closed: how it ended"),
      at: z.string().optional().describe("used: when this link was used"),
      errors: z.record(z.string(), z.string()).optional().describe("invalid: form field → what is wrong"),
      error: errorEnvelopeSchema.shape.error.optional().describe("4xx states: the REST error envelope (code not_found, gone, conflict or unprocessable)"),
    })
    .strict(),
);
