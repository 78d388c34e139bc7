import type { JsonValue } from "@/server/engine/contract";

/** Request and decision vocabulary shared by the approvals module, services, tRPC and REST. */
export const REQUEST_STATUSES = ["PENDING", "APPROVED", "REJECTED", "SUBMITTED", "EXPIRED", "CANCELLED"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export type RequestKind = "approval" | "form";
export type Decision = "approved" | "rejected" | "submitted";
export type Channel = "link" | "in_app" | "admin" | "api";
export type Outcome = "approved" | "rejected" | "submitted" | "expired";

export function isOpen(status: string): boolean {
  return status === "PENDING";
}

export interface DecisionRow {
  decision: string;
  comment: string;
  channel: string;
  actorLabel: string;
  createdAt: Date;
  data: string | null;
}

/** What the resumed step receives (server/nodes/human.ts reads it): the outcome and every decision. */
export function resumePayload(
  request: { id: string },
  outcome: Outcome,
  decisions: DecisionRow[],
  decidedAt: Date,
): JsonValue {
  const approvals = decisions.filter((d) => d.decision === "approved").length;
  const rejections = decisions.filter((d) => d.decision === "rejected").length;
  const submitted = decisions.find((d) => d.decision === "submitted");
  let values: JsonValue = null;
  if (submitted?.data) {
    try {
      values = JSON.parse(submitted.data) as JsonValue;
    } catch {
      values = null;
    }
  }
  return {
    requestId: request.id,
    outcome,
    approvals,
    rejections,
    decisions: decisions.map((d) => ({ by: d.actorLabel, decision: d.decision, comment: d.comment, channel: d.channel, at: d.createdAt.toISOString() })),
    values,
    decidedBy: submitted?.actorLabel ?? decisions.at(-1)?.actorLabel ?? null,
    decidedAt: decidedAt.toISOString(),
  };
}

/**
 * Outcome of an approval after a decision: approved once approvals reach the
 * number needed; rejected as soon as that number can no longer be reached
 * (rejections > approvers − needed). "one" of 3 needs 3 rejections; "all" is
 * rejected by the first one.
 */
export function approvalOutcome(approvers: number, needed: number, approvals: number, rejections: number): Outcome | null {
  if (approvals >= needed) return "approved";
  if (rejections > approvers - needed) return "rejected";
  return null;
}
