import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { sealSecret } from "@/server/security/secret-box";
import { newSigningSecret } from "@/server/triggers/webhook/tokens";
import { subscriptionIdField } from "./fields";
import { presentSubscription, type SubscriptionInfo } from "./present";
import { findSubscription } from "./scope";

export const rotateSubscriptionSecretInput = z.object({ id: subscriptionIdField });

/** A new generated signing secret, returned this once; deliveries from now on (retries included) are signed with it. */
export async function rotateSubscriptionSecret(
  actor: Actor,
  input: z.input<typeof rotateSubscriptionSecretInput>,
  db: Db = getDb(),
): Promise<{ subscription: SubscriptionInfo; secret: string }> {
  assertCan(actor, "webhooks:write");
  const { id } = parseInput(rotateSubscriptionSecretInput, input);
  const secret = newSigningSecret();
  const row = await db.$transaction(async (tx) => {
    const current = await findSubscription(tx, actor, id);
    const updated = await tx.webhookSubscription.update({ where: { id: current.id }, data: { secretEnc: sealSecret(secret), secretSetAt: new Date() } });
    await writeAudit(tx, actor, { action: "webhook_subscription.secret_rotated", targetType: "webhook_subscription", targetId: id });
    return updated;
  });
  return { subscription: presentSubscription(row), secret };
}
