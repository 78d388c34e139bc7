import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { parseStoredFields, validateFormSubmission, type FormField } from "@/lib/approvals/form-fields";
import { recordDecision } from "@/server/approvals/decide";
import { callbackRateLimiter, type CallbackRateLimiter } from "@/server/approvals/rate-limit";
import { hashToken, looksLikeToken } from "@/server/approvals/tokens";
import { AppError } from "@/server/services/errors";
import { commentField } from "./fields";

/**
 * The public callback (approval page and REST /callbacks/:token): no session,
 * the link token is the credential. Viewing changes nothing (mail scanners
 * prefetch links); deciding is one atomic, single-use decision. Pages for
 * unknown, expired, withdrawn and used links say only that: nothing about the
 * request or other runs. Both are rate-limited per client IP and per token.
 */
export interface PublicRequest {
  kind: "approval" | "form";
  title: string;
  message: string;
  details: Array<{ label: string; value: string }>;
  fields: FormField[];
  automationName: string;
  requestedBy: string;
  requestedAt: Date;
  expiresAt: Date;
  /** the person this link belongs to */
  approver: string;
  approvalsNeeded: number;
  approverCount: number;
  decisions: Array<{ by: string; decision: string; at: Date }>;
}

export type CallbackView =
  | { state: "open"; request: PublicRequest }
  | { state: "not-found" }
  | { state: "expired" }
  | { state: "withdrawn" }
  | { state: "used"; decision: string; at: Date }
  | { state: "closed"; outcome: string };

export type CallbackResult =
  | { state: "decided"; decision: string; outcome: string | null; request: PublicRequest }
  | { state: "invalid"; errors: Record<string, string>; values: Record<string, string>; comment: string; request: PublicRequest }
  | { state: "already-decided" }
  | Exclude<CallbackView, { state: "open" }>;

/** HTTP status of each state (page and REST). */
export const CALLBACK_STATUS: Record<CallbackView["state"] | CallbackResult["state"], number> = {
  open: 200, decided: 200, invalid: 422, "not-found": 404, expired: 410, withdrawn: 410, used: 410, closed: 410, "already-decided": 409,
};

export const callbackDecisionInput = z.object({
  decision: z.enum(["approve", "reject", "submit"], { error: () => 'decision must be "approve", "reject" or "submit"' }),
  comment: commentField,
  values: z.record(z.string(), z.unknown()).default({}),
});
export type CallbackDecisionInput = z.input<typeof callbackDecisionInput>;

export interface CallbackMeta {
  ip: string;
  now?: Date;
  limiter?: CallbackRateLimiter;
}

function limit(token: string, meta: CallbackMeta): void {
  const wait = (meta.limiter ?? callbackRateLimiter()).hit(meta.ip, looksLikeToken(token) ? hashToken(token) : "invalid");
  if (wait !== null) throw new AppError("RATE_LIMITED", `Too many requests; try again in ${wait} seconds`, { retryAfter: wait });
}

const FINISHED = ["CANCELLED", "COMPLETED", "FAILED", "SKIPPED"];

type Loaded = { kind: "view"; view: Exclude<CallbackView, { state: "open" }> } | { kind: "open"; request: PublicRequest; requestId: string; workspaceId: string; approverId: string; approverEmail: string; fields: FormField[] };

async function load(token: string, db: Db, now: Date): Promise<Loaded> {
  if (!looksLikeToken(token)) return { kind: "view", view: { state: "not-found" } };
  const t = await db.approvalToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { approver: { select: { id: true, email: true, name: true, request: { include: { approvers: { select: { id: true } }, decisions: { orderBy: { createdAt: "asc" } } } } } } },
  });
  if (!t) return { kind: "view", view: { state: "not-found" } };
  const { approver } = t;
  const req = approver.request;
  const mine = req.decisions.find((d) => d.approverId === approver.id);
  if (mine) return { kind: "view", view: { state: "used", decision: mine.decision, at: mine.createdAt } };
  if (req.status === "CANCELLED") return { kind: "view", view: { state: "withdrawn" } };
  if (req.status === "EXPIRED" || (req.status === "PENDING" && req.expiresAt <= now)) return { kind: "view", view: { state: "expired" } };
  if (req.status !== "PENDING") return { kind: "view", view: { state: "closed", outcome: req.status.toLowerCase() } };
  const run = await db.run.findUnique({ where: { id: req.runId }, select: { status: true } });
  if (!run || FINISHED.includes(run.status)) return { kind: "view", view: { state: "withdrawn" } };
  const automation = await db.automation.findUnique({ where: { id: req.automationId }, select: { name: true } });
  const fields = parseStoredFields(req.fields);
  return {
    kind: "open",
    requestId: req.id,
    workspaceId: req.workspaceId,
    approverId: approver.id,
    approverEmail: approver.email,
    fields,
    request: {
      kind: req.kind === "form" ? "form" : "approval",
      title: req.title,
      message: req.message,
      details: JSON.parse(req.details) as Array<{ label: string; value: string }>,
      fields,
      automationName: automation?.name ?? "An automation",
      requestedBy: req.requestedBy,
      requestedAt: req.createdAt,
      expiresAt: req.expiresAt,
      approver: approver.name ? `${approver.name} <${approver.email}>` : approver.email,
      approvalsNeeded: req.approvalsNeeded,
      approverCount: req.approvers.length,
      decisions: req.decisions.map((d) => ({ by: d.actorLabel, decision: d.decision, at: d.createdAt })),
    },
  };
}

/** GET: what the link shows; reads only. */
export async function viewCallback(token: string, meta: CallbackMeta, db: Db = getDb()): Promise<CallbackView> {
  limit(token, meta);
  const l = await load(token, db, meta.now ?? new Date());
  return l.kind === "view" ? l.view : { state: "open", request: l.request };
}

/** POST: decide (approve / reject) or submit the form, once. */
export async function decideCallback(token: string, input: CallbackDecisionInput, meta: CallbackMeta, db: Db = getDb()): Promise<CallbackResult> {
  limit(token, meta);
  const now = meta.now ?? new Date();
  const parsed = callbackDecisionInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError("BAD_REQUEST", parsed.error.issues.map((i) => i.message).join("; "), { issues: parsed.error.issues.map((i) => ({ field: i.path.join(".") || "input", message: i.message })) });
  }
  const i = parsed.data;
  const l = await load(token, db, now);
  if (l.kind === "view") return l.view;
  let values: Record<string, unknown> | null = null;
  let decision: "approved" | "rejected" | "submitted";
  if (l.request.kind === "form") {
    if (i.decision !== "submit") throw new AppError("BAD_REQUEST", 'decision must be "submit" for a form', { issues: [{ field: "decision", message: 'must be "submit"' }] });
    const v = validateFormSubmission(l.fields, i.values);
    if (!v.ok) return { state: "invalid", errors: v.errors, values: v.values, comment: i.comment, request: l.request };
    values = v.values;
    decision = "submitted";
  } else {
    if (i.decision === "submit") throw new AppError("BAD_REQUEST", 'decision must be "approve" or "reject"', { issues: [{ field: "decision", message: 'must be "approve" or "reject"' }] });
    decision = i.decision === "approve" ? "approved" : "rejected";
  }
  const r = await recordDecision(db, {
    requestId: l.requestId, workspaceId: l.workspaceId, approverId: l.approverId, decision, comment: i.comment, values,
    channel: "link", actorUserId: null, actorLabel: l.approverEmail, ip: meta.ip, now,
  });
  switch (r.kind) {
    case "decided":
      return { state: "decided", decision, outcome: r.outcome, request: l.request };
    case "already-decided":
      return { state: "already-decided" };
    case "not-found":
      return { state: "not-found" };
    case "closed":
      if (r.expired) return { state: "expired" };
      if (r.status === "CANCELLED") return { state: "withdrawn" };
      return { state: "closed", outcome: r.status.toLowerCase() };
  }
}
