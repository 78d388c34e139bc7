import type { Db } from "@/server/db";
import { fatal, hashWaitToken, type HumanTaskRequest, type HumanTasks, type Mailer, type Notifier } from "@/server/engine/contract";
import { randomBytes } from "node:crypto";
import { linkMail } from "./mail";
import { mintToken } from "./tokens";
import { emitPlatformEvent } from "@/server/services/webhook-subscriptions/emit";

/**
 * The approvals side of human steps (NodeServices.humanTasks): opens one
 * ApprovalRequest per waiting step (idempotent per step key), resolves the
 * people asked (emails, users, roles → one approver per address), and sends each
 * one a link of their own by email (the send_email mailer: SMTP or outbox) plus
 * an in-app notification for workspace users. A re-executed step (crash, retry)
 * finds its request and sends only to those not notified yet, with a fresh token.
 */
export interface HumanTasksOptions {
  db: Db;
  mailer: Mailer;
  notifier: Notifier;
}

interface Person {
  email: string;
  userId: string | null;
  name: string;
}

async function resolvePeople(db: Db, r: HumanTaskRequest): Promise<Person[]> {
  const byEmail = new Map<string, Person>();
  const emails = r.emails.map((e) => (/<([^>]+)>/.exec(e)?.[1] ?? e).trim().toLowerCase()).filter(Boolean);
  const members = await db.membership.findMany({
    where: {
      workspaceId: r.workspaceId,
      OR: [
        ...(r.userIds.length ? [{ userId: { in: r.userIds } }] : []),
        ...(r.roles.length ? [{ role: { in: r.roles } }] : []),
        ...(emails.length ? [{ user: { email: { in: emails } } }] : []),
      ],
    },
    select: { userId: true, user: { select: { email: true, name: true } } },
  });
  for (const e of emails) byEmail.set(e, { email: e, userId: null, name: "" });
  for (const m of r.userIds.length || r.roles.length || emails.length ? members : []) {
    const email = m.user.email.toLowerCase();
    byEmail.set(email, { email, userId: m.userId, name: m.user.name });
  }
  return [...byEmail.values()];
}

async function requestedBy(db: Db, runId: string): Promise<string> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { createdById: true, triggerType: true } });
  if (!run) return "";
  if (run.createdById) {
    const u = await db.user.findUnique({ where: { id: run.createdById }, select: { name: true } });
    if (u) return u.name;
  }
  return `${run.triggerType} trigger`;
}

export function createHumanTasks({ db, mailer, notifier }: HumanTasksOptions): HumanTasks {
  return {
    async open(r) {
      let request = await db.approvalRequest.findUnique({ where: { stepKey: r.stepKey }, include: { approvers: true } });
      if (!request) {
        const people = await resolvePeople(db, r);
        if (people.length === 0) {
          throw fatal("Nobody to ask: no email address was given and no workspace member matched the chosen users and roles", "APPROVAL_NO_APPROVERS");
        }
        const needed = r.approvalsNeeded === "all" ? people.length : r.approvalsNeeded;
        if (needed > people.length) {
          throw fatal(`Approvals needed is ${needed} but only ${people.length} approver${people.length === 1 ? " was" : "s were"} found; lower N or add approvers`, "APPROVALS_NEEDED_TOO_HIGH");
        }
        // The run waits on this token's hash; the token itself is never stored or sent: a decided request resumes the run with the hash.
        const waitTokenHash = hashWaitToken(randomBytes(32).toString("base64url"));
        const by = await requestedBy(db, r.runId);
        try {
          // The request and its approval.requested event (outbox, server/services/webhook-subscriptions) commit together.
          request = await db.$transaction(async (tx) => {
            const created = await tx.approvalRequest.create({
              data: {
                workspaceId: r.workspaceId, automationId: r.automationId, runId: r.runId, nodeId: r.nodeId, nodeName: r.nodeName, stepKey: r.stepKey,
                kind: r.kind, title: r.title, message: r.message, details: JSON.stringify(r.details), fields: JSON.stringify(r.fields),
                approvalsNeeded: needed, onExpiry: r.onExpiry, waitTokenHash, requestedBy: by,
                expiresAt: r.expiresAt, remindAt: r.remindAt,
                approvers: { create: people.map((p) => ({ email: p.email, userId: p.userId, name: p.name })) },
              },
              include: { approvers: true },
            });
            await emitPlatformEvent(tx, {
              workspaceId: r.workspaceId, type: "approval.requested", runId: r.runId, automationId: r.automationId,
              data: {
                approval_id: created.id, run_id: r.runId, automation_id: r.automationId, kind: created.kind, title: created.title, step_name: created.nodeName,
                expires_at: created.expiresAt.toISOString(), outcome: null, decided_by: null,
              },
            });
            return created;
          });
        } catch (e) {
          if ((e as { code?: unknown }).code !== "P2002") throw e;
          request = await db.approvalRequest.findUniqueOrThrow({ where: { stepKey: r.stepKey }, include: { approvers: true } });
        }
      }
      // Settled while the step was not waiting yet (a retried step): the sweeper resumes it once this wait is committed.
      if (request.status !== "PENDING" && request.resumedAt) await db.approvalRequest.update({ where: { id: request.id }, data: { resumedAt: null } });
      const automation = await db.automation.findUnique({ where: { id: r.automationId }, select: { name: true } });
      const details = JSON.parse(request.details) as Array<{ label: string; value: string }>;
      for (const a of request.approvers.filter((x) => !x.notifiedAt)) {
        const { token, hash } = mintToken();
        await db.approvalToken.create({ data: { tokenHash: hash, approverId: a.id, requestId: request.id } });
        const msg = linkMail({
          kind: request.kind === "form" ? "form" : "approval", to: a.email, title: request.title, message: request.message, details,
          automationName: automation?.name ?? "An automation", expiresAt: request.expiresAt, token,
        });
        await mailer.send(r.workspaceId, `${r.stepKey}:approver:${a.id}`, r.runId, msg);
        await db.approvalApprover.update({ where: { id: a.id }, data: { notifiedAt: new Date() } });
      }
      const users = request.approvers.map((a) => a.userId).filter((u): u is string => u !== null);
      if (users.length) {
        await notifier.notify({
          workspaceId: r.workspaceId, stepKey: `${r.stepKey}:approval`, runId: r.runId, userIds: users, roles: [],
          title: request.kind === "form" ? `Form to fill in: ${request.title}` : `Approval needed: ${request.title}`,
          body: `${automation?.name ?? "An automation"} is waiting for you.`, link: `/approvals?request=${request.id}`,
        });
      }
      return { requestId: request.id, tokenHash: request.waitTokenHash, expiresAt: request.expiresAt, approvers: request.approvers.length, approvalsNeeded: request.approvalsNeeded };
    },
  };
}
