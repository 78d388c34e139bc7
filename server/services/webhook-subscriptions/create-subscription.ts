import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { sealSecret } from "@/server/security/secret-box";
import { newSigningSecret } from "@/server/triggers/webhook/tokens";
import { encodeEvents, subscriptionDescriptionField, subscriptionEventsField, subscriptionSecretField, subscriptionUrlField } from "./fields";
import { presentSubscription, type SubscriptionInfo } from "./present";
import { assertDeliverableUrl } from "./url-guard";

export const createSubscriptionInput = z.object({
  url: subscriptionUrlField,
  events: subscriptionEventsField,
  description: subscriptionDescriptionField.default(""),
  active: z.boolean().default(true),
  secret: subscriptionSecretField.optional(),
});
export type CreateSubscriptionInput = z.input<typeof createSubscriptionInput>;

/**
 * Subscribes a URL to platform events. The signing secret (generated unless
 * given) is sealed at rest and returned this once; afterwards only when it was set.
 */
export async function createSubscription(actor: Actor, input: CreateSubscriptionInput, db: Db = getDb()): Promise<{ subscription: SubscriptionInfo; secret: string }> {
  assertCan(actor, "webhooks:write");
  const parsed = parseInput(createSubscriptionInput, input);
  const url = await assertDeliverableUrl(parsed.url);
  const secret = parsed.secret ?? newSigningSecret();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.webhookSubscription.create({
      data: {
        workspaceId: actor.workspaceId, url, events: encodeEvents(parsed.events), description: parsed.description, active: parsed.active,
        secretEnc: sealSecret(secret), secretSetAt: new Date(), createdById: actor.userId,
      },
    });
    await writeAudit(tx, actor, { action: "webhook_subscription.created", targetType: "webhook_subscription", targetId: created.id, details: { url, events: parsed.events } });
    return created;
  });
  return { subscription: presentSubscription(row), secret };
}
