import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { subscriptionIdField } from "./fields";
import { findSubscription } from "./scope";

export const deleteSubscriptionInput = z.object({ id: subscriptionIdField });

/** Deletes a subscription with its deliveries and their log; pending retries stop. */
export async function deleteSubscription(actor: Actor, input: z.input<typeof deleteSubscriptionInput>, db: Db = getDb()): Promise<{ id: string; deleted: true }> {
  assertCan(actor, "webhooks:write");
  const { id } = parseInput(deleteSubscriptionInput, input);
  await db.$transaction(async (tx) => {
    const row = await findSubscription(tx, actor, id);
    await tx.webhookDeliveryAttempt.deleteMany({ where: { subscriptionId: row.id } });
    await tx.webhookDelivery.deleteMany({ where: { subscriptionId: row.id } });
    await tx.webhookSubscription.delete({ where: { id: row.id } });
    await writeAudit(tx, actor, { action: "webhook_subscription.deleted", targetType: "webhook_subscription", targetId: id, details: { url: row.url } });
  });
  return { id, deleted: true };
}
