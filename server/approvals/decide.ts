import type { Db } from "@/server/db";
import { runControlFor } from "@/server/engine/run-store-control";
import { signalRun } from "@/server/queue/signal";
import { emitPlatformEvent } from "@/server/services/webhook-subscriptions/emit";
import type { JsonValue } from "@/server/engine/contract";
import { approvalOutcome, resumePayload, type Channel, type Decision, type Outcome } from "./model";

/**
 * The one place a decision is taken: one transaction locks the request (a
 * conditional update of a PENDING, unexpired row), inserts the decision (unique
 * per approver: a link decides once), writes the audit log and the run's history,
 * and settles the request when the decision completes it. The run is then
 * resumed through the engine (a conditional transition: exactly once); a crash in
 * between is finished by the sweeper (resumedAt is still null).
 */
export interface DecisionInput {
  requestId: string;
  workspaceId: string;
  /** the approver deciding (link, in-app); null for an admin resume */
  approverId: string | null;
  decision: Decision;
  comment: string;
  values?: Record<string, unknown> | null;
  channel: Channel;
  actorUserId: string | null;
  actorLabel: string;
  ip: string | null;
  /** admin resume: the decision settles the request whatever the counts */
  force?: boolean;
  now: Date;
}

export type DecisionResult =
  | { kind: "decided"; outcome: Outcome | null; resumed: boolean }
  | { kind: "already-decided" }
  | { kind: "closed"; status: string; expired: boolean }
  | { kind: "not-found" };

/** What the waiting step's record shows of the decisions so far (the resumed step's output carries the same list). */
function decisionsNote(decisions: Array<{ decision: string; comment: string; channel: string; actorLabel: string; createdAt: Date }>, outcome: Outcome | null): Record<string, JsonValue> {
  return {
    approvals: decisions.filter((x) => x.decision === "approved").length,
    rejections: decisions.filter((x) => x.decision === "rejected").length,
    decisions: decisions.map((x) => ({ by: x.actorLabel, decision: x.decision, comment: x.comment, channel: x.channel, at: x.createdAt.toISOString() })),
    ...(outcome ? { outcome } : {}),
  };
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

export async function recordDecision(db: Db, d: DecisionInput): Promise<DecisionResult> {
  let settled: { outcome: Outcome | null; runId: string };
  try {
    const r = await db.$transaction(async (tx) => {
      const lock = await tx.approvalRequest.updateMany({
        where: { id: d.requestId, workspaceId: d.workspaceId, status: "PENDING", expiresAt: { gt: d.now } },
        data: { updatedAt: d.now },
      });
      const request = await tx.approvalRequest.findFirst({
        where: { id: d.requestId, workspaceId: d.workspaceId },
        select: {
          id: true, kind: true, status: true, runId: true, automationId: true, title: true, nodeName: true, approvalsNeeded: true, expiresAt: true, waitTokenHash: true,
          _count: { select: { approvers: true } },
        },
      });
      if (!request) return { kind: "not-found" as const };
      if (lock.count !== 1) return { kind: "closed" as const, status: request.status, expired: request.status === "EXPIRED" || (request.status === "PENDING" && request.expiresAt <= d.now) };
      await tx.approvalDecision.create({
        data: {
          requestId: d.requestId, approverId: d.approverId, decision: d.decision, comment: d.comment.slice(0, 2_000),
          data: d.values ? JSON.stringify(d.values) : null, channel: d.channel, actorUserId: d.actorUserId, actorLabel: d.actorLabel, ip: d.ip, createdAt: d.now,
        },
      });
      const decisions = await tx.approvalDecision.findMany({
        where: { requestId: d.requestId },
        orderBy: { createdAt: "asc" },
        select: { decision: true, comment: true, channel: true, actorLabel: true, createdAt: true },
      });
      let outcome: Outcome | null;
      if (d.force || request.kind === "form") outcome = d.decision;
      else {
        const approvals = decisions.filter((x) => x.decision === "approved").length;
        const rejections = decisions.filter((x) => x.decision === "rejected").length;
        outcome = approvalOutcome(request._count.approvers, request.approvalsNeeded, approvals, rejections);
      }
      if (outcome) {
        await tx.approvalRequest.update({ where: { id: d.requestId }, data: { status: outcome.toUpperCase(), resolvedAt: d.now } });
        await emitPlatformEvent(tx, {
          workspaceId: d.workspaceId, type: "approval.decided", runId: request.runId, automationId: request.automationId, at: d.now,
          data: {
            approval_id: request.id, run_id: request.runId, automation_id: request.automationId, kind: request.kind, title: request.title, step_name: request.nodeName,
            expires_at: request.expiresAt.toISOString(), outcome, decided_by: d.actorLabel,
          },
        });
      }
      await tx.auditLog.create({
        data: {
          workspaceId: d.workspaceId, actorId: d.actorUserId, actorType: d.actorUserId ? "user" : "approver",
          action: `approval.${d.decision}`, targetType: request.kind === "form" ? "form" : "approval", targetId: d.requestId,
          details: JSON.stringify({ runId: request.runId, by: d.actorLabel, channel: d.channel, ip: d.ip, comment: d.comment.slice(0, 2_000), outcome }),
        },
      });
      // The waiting step's record lists every decision as it is taken (through the engine: that row only).
      await runControlFor(db).annotateWaitingStepInTx(tx, request.waitTokenHash, d.workspaceId, decisionsNote(decisions, outcome));
      const progress = outcome ? `; request ${outcome}` : "";
      await tx.runEvent.create({
        data: {
          runId: request.runId, workspaceId: d.workspaceId, fromStatus: "PAUSED", toStatus: "PAUSED",
          actor: d.actorUserId ? `user:${d.actorUserId}` : "token", reason: `${request.kind}: ${d.actorLabel} ${d.decision} via ${d.channel}${progress}`, at: d.now,
        },
      });
      return { kind: "settled" as const, outcome, runId: request.runId };
    });
    if (r.kind !== "settled") return r;
    settled = r;
  } catch (e) {
    if (isUniqueViolation(e)) return { kind: "already-decided" };
    throw e;
  }
  const resumed = settled.outcome ? await resumeRequest(db, d.requestId, d.actorUserId ? `user:${d.actorUserId}` : "token", d.now) : false;
  return { kind: "decided", outcome: settled.outcome, resumed };
}

/**
 * Resumes the run of a settled request through the engine, once: the engine's
 * conditional transition lets one caller win. Sets resumedAt when the run took
 * it or can no longer take it (cancelled, finished); false when it should be tried again.
 */
export async function resumeRequest(db: Db, requestId: string, actor: string, now: Date): Promise<boolean> {
  const request = await db.approvalRequest.findUnique({
    where: { id: requestId },
    include: { decisions: { orderBy: { createdAt: "asc" }, select: { decision: true, comment: true, channel: true, actorLabel: true, createdAt: true, data: true } } },
  });
  if (!request || request.resumedAt || request.status === "PENDING" || request.status === "CANCELLED") return false;
  const outcome = request.status.toLowerCase() as Outcome;
  const payload = resumePayload(request, outcome, request.decisions, request.resolvedAt ?? now);
  const r = await runControlFor(db).resume(request.waitTokenHash, request.workspaceId, payload, actor);
  if (r.kind === "resumed") {
    signalRun(r.runId);
    await db.approvalRequest.update({ where: { id: requestId }, data: { resumedAt: now } });
    return true;
  }
  const run = await db.run.findUnique({ where: { id: request.runId }, select: { status: true } });
  // Done for good when the run finished (cancelled, failed…) or the step already finished (someone else resumed it);
  // otherwise the step has not committed its wait yet: the sweeper tries again.
  const last = await db.stepRun.findFirst({ where: { runId: request.runId, idempotencyKey: request.stepKey }, orderBy: { attempt: "desc" }, select: { status: true } });
  const stepDone = last?.status === "SUCCEEDED" || (last?.status === "FAILED" && run?.status !== "QUEUED");
  if (!run || ["CANCELLED", "COMPLETED", "FAILED", "SKIPPED"].includes(run.status) || stepDone) {
    await db.approvalRequest.update({ where: { id: requestId }, data: { resumedAt: now } });
  }
  return false;
}
