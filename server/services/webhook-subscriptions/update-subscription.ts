import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { encodeEvents, subscriptionDescriptionField, subscriptionEventsField, subscriptionIdField, subscriptionUrlField } from "./fields";
import { presentSubscription, type SubscriptionInfo } from "./present";
import { findSubscription } from "./scope";
import { assertDeliverableUrl } from "./url-guard";

export const updateSubscriptionInput = z.object({
  id: subscriptionIdField,
  url: subscriptionUrlField.optional(),
  events: subscriptionEventsField.optional(),
  description: subscriptionDescriptionField.optional(),
  active: z.boolean().optional(),
});
export type UpdateSubscriptionInput = z.input<typeof updateSubscriptionInput>;

/** Changes url, events, description or active. Re-activating a disabled subscription clears its failure streak. */
export async function updateSubscription(actor: Actor, input: UpdateSubscriptionInput, db: Db = getDb()): Promise<SubscriptionInfo> {
  assertCan(actor, "webhooks:write");
  const { id, ...p } = parseInput(updateSubscriptionInput, input);
  const url = p.url === undefined ? undefined : await assertDeliverableUrl(p.url);
  const row = await db.$transaction(async (tx) => {
    const current = await findSubscription(tx, actor, id);
    const reactivate = p.active === true && !current.active;
    const updated = await tx.webhookSubscription.update({
      where: { id: current.id },
      data: {
        url,
        events: p.events === undefined ? undefined : encodeEvents(p.events),
        description: p.description,
        active: p.active,
        ...(reactivate ? { consecutiveFailures: 0, failingSince: null, disabledAt: null, disabledReason: null } : {}),
      },
    });
    await writeAudit(tx, actor, { action: "webhook_subscription.updated", targetType: "webhook_subscription", targetId: id, details: { ...p, url } });
    return updated;
  });
  return presentSubscription(row);
}
