import type { Db } from "@/server/db";
import type { Mailer } from "@/server/engine/contract";
import { createMailer } from "@/server/integrations/mail";
import { resumeRequest } from "./decide";
import { linkMail } from "./mail";
import { mintToken } from "./tokens";

/**
 * The approvals timers, run by every engine process's ticker (state in the
 * database: any process may run it; each change is a conditional update):
 *  - expiry: PENDING past expiresAt → EXPIRED, and the run resumes with outcome
 *    "expired" (the step applies its policy: fail, rejected or expired branch);
 *  - reminders: a fresh link to everyone who has not answered, once;
 *  - withdrawn: PENDING requests whose run finished (cancelled) → CANCELLED;
 *  - settled but not resumed (a crash between deciding and resuming, or a decision
 *    before the wait was committed): resume again (the engine lets one win).
 */
export interface SweepResult {
  expired: number;
  reminded: number;
  cancelled: number;
  resumed: number;
}

const BATCH = 100;
const FINISHED = ["CANCELLED", "COMPLETED", "FAILED", "SKIPPED"];

export async function sweepApprovals(db: Db, now: Date, opts: { mailer?: Mailer } = {}): Promise<SweepResult> {
  const result: SweepResult = { expired: 0, reminded: 0, cancelled: 0, resumed: 0 };

  const due = await db.approvalRequest.findMany({ where: { status: "PENDING", expiresAt: { lte: now } }, select: { id: true }, take: BATCH });
  for (const { id } of due) {
    const r = await db.approvalRequest.updateMany({ where: { id, status: "PENDING", expiresAt: { lte: now } }, data: { status: "EXPIRED", resolvedAt: now } });
    if (r.count !== 1) continue;
    result.expired += 1;
    if (await resumeRequest(db, id, "system:expiry", now)) result.resumed += 1;
  }

  const pending = await db.approvalRequest.findMany({ where: { status: "PENDING" }, select: { id: true, runId: true }, take: 500, orderBy: { createdAt: "asc" } });
  if (pending.length) {
    const finished = await db.run.findMany({ where: { id: { in: [...new Set(pending.map((p) => p.runId))] }, status: { in: FINISHED } }, select: { id: true } });
    const gone = new Set(finished.map((r) => r.id));
    for (const p of pending.filter((x) => gone.has(x.runId))) {
      const r = await db.approvalRequest.updateMany({ where: { id: p.id, status: "PENDING" }, data: { status: "CANCELLED", resolvedAt: now, resumedAt: now } });
      result.cancelled += r.count;
    }
  }

  const remind = await db.approvalRequest.findMany({ where: { status: "PENDING", remindAt: { lte: now }, remindedAt: null }, take: BATCH, include: { approvers: true, decisions: { select: { approverId: true } } } });
  if (remind.length) {
    const mailer = opts.mailer ?? createMailer({ db });
    for (const req of remind) {
      const claimed = await db.approvalRequest.updateMany({ where: { id: req.id, remindedAt: null }, data: { remindedAt: now } });
      if (claimed.count !== 1) continue;
      const decided = new Set(req.decisions.map((d) => d.approverId));
      const automation = await db.automation.findUnique({ where: { id: req.automationId }, select: { name: true } });
      for (const a of req.approvers.filter((x) => !decided.has(x.id))) {
        const { token, hash } = mintToken();
        await db.approvalToken.create({ data: { tokenHash: hash, approverId: a.id, requestId: req.id } });
        const msg = linkMail({
          kind: req.kind === "form" ? "form" : "approval", to: a.email, title: req.title, message: req.message,
          details: JSON.parse(req.details) as Array<{ label: string; value: string }>, automationName: automation?.name ?? "An automation",
          expiresAt: req.expiresAt, token, reminder: true,
        });
        await mailer.send(req.workspaceId, `${req.stepKey}:remind:${a.id}`, req.runId, msg).catch(() => undefined);
      }
      result.reminded += 1;
    }
  }

  const unresumed = await db.approvalRequest.findMany({
    where: { status: { in: ["APPROVED", "REJECTED", "SUBMITTED", "EXPIRED"] }, resumedAt: null, resolvedAt: { lte: now } },
    select: { id: true },
    take: BATCH,
  });
  for (const { id } of unresumed) if (await resumeRequest(db, id, "system:approvals", now)) result.resumed += 1;
  return result;
}
