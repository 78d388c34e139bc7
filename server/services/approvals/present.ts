import { parseStoredFields, type FormField } from "@/lib/approvals/form-fields";

/** Shapes of approval requests for the inbox, tRPC and REST (REST presenters rename to snake_case). */
export interface ApprovalDecisionView {
  id: string;
  by: string;
  decision: string;
  comment: string;
  channel: string;
  ip: string | null;
  values: Record<string, unknown> | null;
  at: Date;
}

export interface ApprovalSummary {
  id: string;
  kind: "approval" | "form";
  status: string;
  title: string;
  automationId: string;
  automationName: string;
  runId: string;
  nodeName: string;
  requestedBy: string;
  createdAt: Date;
  expiresAt: Date;
  resolvedAt: Date | null;
  approvalsNeeded: number;
  approverCount: number;
  approvals: number;
  rejections: number;
  /** the current user is one of the approvers and has not decided (and may decide in-app) */
  canDecide: boolean;
}

export interface ApprovalDetail extends ApprovalSummary {
  message: string;
  details: Array<{ label: string; value: string }>;
  fields: FormField[];
  onExpiry: string;
  approvers: Array<{ id: string; email: string; name: string; isMember: boolean; decided: boolean }>;
  decisions: ApprovalDecisionView[];
}

export type RequestRow = {
  id: string; kind: string; status: string; title: string; automationId: string; runId: string; nodeName: string; requestedBy: string;
  createdAt: Date; expiresAt: Date; resolvedAt: Date | null; approvalsNeeded: number; message: string; details: string; fields: string; onExpiry: string;
  approvers: Array<{ id: string; email: string; name: string; userId: string | null }>;
  decisions: Array<{ id: string; approverId: string | null; actorLabel: string; decision: string; comment: string; channel: string; ip: string | null; data: string | null; createdAt: Date }>;
};

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function approverOf(row: Pick<RequestRow, "approvers">, user: { userId: string; email: string | null }) {
  return row.approvers.find((a) => a.userId === user.userId || (user.email !== null && a.email === user.email.toLowerCase())) ?? null;
}

export function presentSummary(row: RequestRow, automationName: string, user: { userId: string; email: string | null; canWrite: boolean }): ApprovalSummary {
  const me = approverOf(row, user);
  const decided = new Set(row.decisions.map((d) => d.approverId));
  return {
    id: row.id,
    kind: row.kind === "form" ? "form" : "approval",
    status: row.status,
    title: row.title,
    automationId: row.automationId,
    automationName,
    runId: row.runId,
    nodeName: row.nodeName,
    requestedBy: row.requestedBy,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    resolvedAt: row.resolvedAt,
    approvalsNeeded: row.approvalsNeeded,
    approverCount: row.approvers.length,
    approvals: row.decisions.filter((d) => d.decision === "approved").length,
    rejections: row.decisions.filter((d) => d.decision === "rejected").length,
    canDecide: user.canWrite && row.status === "PENDING" && me !== null && !decided.has(me.id),
  };
}

export function presentDetail(row: RequestRow, automationName: string, user: { userId: string; email: string | null; canWrite: boolean }): ApprovalDetail {
  const decided = new Set(row.decisions.map((d) => d.approverId));
  return {
    ...presentSummary(row, automationName, user),
    message: row.message,
    details: parseJson(row.details, []),
    fields: parseStoredFields(row.fields),
    onExpiry: row.onExpiry,
    approvers: row.approvers.map((a) => ({ id: a.id, email: a.email, name: a.name, isMember: a.userId !== null, decided: decided.has(a.id) })),
    decisions: row.decisions.map((d) => ({
      id: d.id, by: d.actorLabel, decision: d.decision, comment: d.comment, channel: d.channel, ip: d.ip,
      values: parseJson<Record<string, unknown> | null>(d.data, null), at: d.createdAt,
    })),
  };
}

export const REQUEST_INCLUDE = {
  approvers: { select: { id: true, email: true, name: true, userId: true }, orderBy: { email: "asc" } },
  decisions: { select: { id: true, approverId: true, actorLabel: true, decision: true, comment: true, channel: true, ip: true, data: true, createdAt: true }, orderBy: { createdAt: "asc" } },
} as const;
