import type { Tx } from "@/server/db";
import type { DeliveryPolicy } from "./policy";

/**
 * Inside the transaction that recorded a failed attempt: disables the
 * subscription once its failure streak passes the policy's threshold, fails its
 * pending deliveries and notifies the workspace's owners and admins in the app.
 * The conditional update (active → inactive) lets one process do it once.
 */
export async function disableIfFailing(
  tx: Tx,
  sub: { id: string; workspaceId: string; url: string; consecutiveFailures: number; failingSince: Date | null },
  policy: DeliveryPolicy,
  now: Date,
): Promise<boolean> {
  const since = sub.failingSince ?? now;
  if (sub.consecutiveFailures < policy.disableAfterFailures || now.getTime() - since.getTime() < policy.disableMinFailingMs) return false;
  const reason = `Disabled after ${sub.consecutiveFailures} consecutive failed deliveries since ${since.toISOString()}`;
  const r = await tx.webhookSubscription.updateMany({ where: { id: sub.id, active: true }, data: { active: false, disabledAt: now, disabledReason: reason } });
  if (r.count !== 1) return false;
  await tx.webhookDelivery.updateMany({
    where: { subscriptionId: sub.id, status: "PENDING" },
    data: { status: "FAILED", nextAttemptAt: null, lastError: "the subscription was disabled" },
  });
  const admins = await tx.membership.findMany({ where: { workspaceId: sub.workspaceId, role: { in: ["OWNER", "ADMIN"] } }, select: { userId: true } });
  if (admins.length) {
    await tx.notification.createMany({
      data: admins.map((a) => ({
        workspaceId: sub.workspaceId,
        userId: a.userId,
        stepKey: `webhook-subscription:${sub.id}:disabled:${now.getTime()}`,
        title: "Event subscription disabled",
        body: `${reason}: ${sub.url}. Fix the receiver, then enable the subscription again.`,
        link: `/settings?tab=webhooks&subscription=${sub.id}`,
      })),
    });
  }
  return true;
}
