import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { validateFormSubmission, parseStoredFields } from "@/lib/approvals/form-fields";
import { recordDecision } from "@/server/approvals/decide";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import { AppError, type Actor } from "@/server/services/errors";
import { commentField, decisionField, requestIdField, valuesField } from "./fields";
import { decisionError } from "./outcome-errors";
import { approverOf } from "./present";
import { findRequest, viewerOf } from "./scope";
import { getApproval } from "./get-approval";

export const decideApprovalInput = z.object({
  id: requestIdField,
  /** approvals: approve | reject; forms: leave out and send values */
  decision: decisionField.optional(),
  comment: commentField,
  values: valuesField.optional(),
});

/**
 * A workspace approver decides in-app (channel "in_app"): admins and owners who
 * are among the request's approvers (by user, role when it was opened, or email).
 * An API key with approvals:write (REST, channel "api") settles the request.
 * The same atomic decision as the public link.
 */
export async function decideApproval(actor: Actor, input: z.input<typeof decideApprovalInput>, db: Db = getDb(), meta: { ip?: string | null; channel?: "in_app" | "api" } = {}) {
  assertCan(actor, "approvals:write");
  const i = parseInput(decideApprovalInput, input);
  const row = await findRequest(actor, i.id, db);
  const viewer = await viewerOf(actor, db);
  // An API key (REST, scope approvals:write) is no approver: its decision settles the request, as an admin resume does.
  const byKey = actor.apiKeyId !== undefined;
  const me = byKey ? null : approverOf(row, viewer);
  if (!byKey && !me) throw new AppError("FORBIDDEN", "You are not one of this request's approvers; an admin can still resume the run from its run page");
  let values: Record<string, unknown> | null = null;
  let decision: "approved" | "rejected" | "submitted";
  if (row.kind === "form") {
    const v = validateFormSubmission(parseStoredFields(row.fields), i.values ?? {});
    if (!v.ok) throw new AppError("UNPROCESSABLE", "Some fields are invalid", { issues: Object.entries(v.errors).map(([field, message]) => ({ field: `values.${field}`, message })) });
    values = v.values;
    decision = "submitted";
  } else {
    if (!i.decision) throw new AppError("BAD_REQUEST", 'decision is required: "approve" or "reject"', { issues: [{ field: "decision", message: "is required" }] });
    decision = i.decision;
  }
  const r = await recordDecision(db, {
    requestId: row.id, workspaceId: actor.workspaceId, approverId: me?.id ?? null, decision, comment: i.comment, values, channel: byKey ? "api" : (meta.channel ?? "in_app"),
    actorUserId: byKey ? null : actor.userId, actorLabel: byKey ? `API key ${actor.apiKeyId}` : (viewer.email ?? me?.email ?? actor.userId), ip: meta.ip ?? null, force: byKey, now: new Date(),
  });
  if (r.kind !== "decided") throw decisionError(r);
  return getApproval(actor, { id: row.id }, db);
}
