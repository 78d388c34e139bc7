import type { Db } from "@/server/db";
import type { Mailer } from "@/server/engine/contract";
import { ALERT_EVENTS } from "@/lib/platform-events/catalog";
import type { FailureAlertSettings } from "./settings";
import type { AlertMessage } from "./message";

/**
 * Sends one alert message through the channels of its settings. Every channel
 * is idempotent per message id, so a retry (after a crash or a failed email)
 * repeats nothing that already happened:
 *  - in-app: one Notification per owner/admin, unique (userId, stepKey);
 *  - email: the mailer, idempotent per (workspace, stepKey) across processes;
 *  - subscriptions: one PlatformEvent (id derived from the message) written
 *    already fanned out, with one WebhookDelivery per chosen active
 *    subscription, in one transaction: the delivery loop signs and sends them
 *    with its retries; subscriptions not chosen (also "*" ones) get nothing.
 */
export const alertStepKey = (messageId: string) => `failure-alert:${messageId}`;
export const alertEventId = (messageId: string) => `evt_fa_${messageId}`;

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

async function notifyAdmins(db: Db, workspaceId: string, m: AlertMessage): Promise<number> {
  const stepKey = alertStepKey(m.id);
  const admins = await db.membership.findMany({ where: { workspaceId, role: { in: ["OWNER", "ADMIN"] } }, select: { userId: true } });
  if (admins.length === 0) return 0;
  const done = new Set((await db.notification.findMany({ where: { stepKey, userId: { in: admins.map((a) => a.userId) } }, select: { userId: true } })).map((n) => n.userId));
  let created = 0;
  for (const a of admins) {
    if (done.has(a.userId)) continue;
    try {
      await db.notification.create({ data: { workspaceId, userId: a.userId, stepKey, title: m.title, body: m.body, link: m.link, runId: m.runId } });
      created++;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
  return created;
}

async function emitToSubscriptions(db: Db, workspaceId: string, subscriptionIds: string[], m: AlertMessage, now: Date): Promise<number> {
  if (subscriptionIds.length === 0) return 0;
  const id = alertEventId(m.id);
  const data = ALERT_EVENTS[m.event.type].data.parse(m.event.data);
  try {
    return await db.$transaction(async (tx) => {
      if (await tx.platformEvent.findUnique({ where: { id }, select: { id: true } })) return 0;
      const subs = await tx.webhookSubscription.findMany({ where: { workspaceId, id: { in: subscriptionIds }, active: true }, select: { id: true } });
      if (subs.length === 0) return 0;
      // Written fanned out: the fan-out (which matches subscriptions' event lists, "*" included) never sees it.
      await tx.platformEvent.create({
        data: { id, workspaceId, type: m.event.type, runId: m.runId, automationId: m.automationId, data: JSON.stringify(data), occurredAt: now, fannedOutAt: now },
      });
      const r = await tx.webhookDelivery.createMany({
        data: subs.map((s) => ({ workspaceId, subscriptionId: s.id, eventId: id, eventType: m.event.type, status: "PENDING", nextAttemptAt: now })),
      });
      return r.count;
    });
  } catch (e) {
    if (isUniqueViolation(e)) return 0;
    throw e;
  }
}

export interface ChannelResult {
  notifications: number;
  emailed: boolean;
  deliveries: number;
}

export async function sendAlertMessage(db: Db, mailer: Mailer, workspaceId: string, s: FailureAlertSettings, m: AlertMessage, now: Date): Promise<ChannelResult> {
  const result: ChannelResult = { notifications: 0, emailed: false, deliveries: 0 };
  // Database channels first: an email failure (retried later) does not hold them back.
  if (s.channels.inApp) result.notifications = await notifyAdmins(db, workspaceId, m);
  result.deliveries = await emitToSubscriptions(db, workspaceId, s.channels.subscriptionIds, m, now);
  if (s.channels.emails.length) {
    await mailer.send(workspaceId, alertStepKey(m.id), m.runId ?? "", { to: s.channels.emails, cc: [], bcc: [], ...m.email });
    result.emailed = true;
  }
  return result;
}
