import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { AppError, notFound, type Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { subscriptionIdField } from "./fields";
import { findSubscription } from "./scope";

/** The delivery by its event (webhook-id; the settings log) or by its own id (REST …/deliveries/{delivery_id}/redeliver). */
export const redeliverInput = z
  .object({
    id: subscriptionIdField,
    eventId: z.string({ error: "eventId must be text" }).min(1, "eventId is required").max(64).optional(),
    deliveryId: z.string({ error: "deliveryId must be text" }).min(1, "deliveryId is required").max(64).optional(),
  })
  .refine((i) => (i.eventId === undefined) !== (i.deliveryId === undefined), { message: "pass eventId or deliveryId", path: ["eventId"] });

/**
 * Sends an event to the subscription again (same webhook-id, so receivers can
 * deduplicate): the delivery is due at once, its attempts continue numbering.
 */
export async function redeliver(actor: Actor, input: z.input<typeof redeliverInput>, db: Db = getDb()): Promise<{ deliveryId: string; nextAttemptAt: Date }> {
  assertCan(actor, "webhooks:write");
  const { id, eventId, deliveryId } = parseInput(redeliverInput, input);
  const now = new Date();
  return db.$transaction(async (tx) => {
    const sub = await findSubscription(tx, actor, id);
    if (!sub.active) throw new AppError("CONFLICT", "This subscription is disabled; enable it (active: true) before redelivering", { active: false });
    const d = deliveryId
      ? await tx.webhookDelivery.findFirst({ where: { id: deliveryId, subscriptionId: sub.id } })
      : await tx.webhookDelivery.findUnique({ where: { eventId_subscriptionId: { eventId: eventId!, subscriptionId: sub.id } } });
    if (!d) throw notFound("Delivery of this event to this subscription");
    const r = await tx.webhookDelivery.updateMany({
      where: { id: d.id, OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }] },
      data: { status: "PENDING", nextAttemptAt: now, leaseToken: null, leaseExpiresAt: null },
    });
    if (r.count !== 1) throw new AppError("CONFLICT", "This event is being delivered right now; try again in a moment");
    await writeAudit(tx, actor, { action: "webhook_subscription.redelivered", targetType: "webhook_subscription", targetId: sub.id, details: { eventId: d.eventId } });
    return { deliveryId: d.id, nextAttemptAt: now };
  });
}
