import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { sealSecret } from "@/server/security/secret-box";
import { newSigningSecret } from "@/server/triggers/webhook/tokens";
import { outgoingIdField } from "@/lib/outgoing-webhooks/fields";
import { presentOutgoingWebhook, type OutgoingWebhookInfo } from "./present";
import { findOutgoingWebhook } from "./scope";

export const rotateOutgoingSecretInput = z.object({ id: outgoingIdField });

/** A new generated signing secret, returned this once; every request from now on is signed with it. */
export async function rotateOutgoingSecret(actor: Actor, input: z.input<typeof rotateOutgoingSecretInput>, db: Db = getDb()): Promise<{ webhook: OutgoingWebhookInfo; secret: string }> {
  assertCan(actor, "webhooks:write");
  const { id } = parseInput(rotateOutgoingSecretInput, input);
  const secret = newSigningSecret();
  const row = await db.$transaction(async (tx) => {
    const current = await findOutgoingWebhook(tx, actor, id);
    const updated = await tx.outgoingWebhook.update({ where: { id: current.id }, data: { secretEnc: sealSecret(secret), secretSetAt: new Date() } });
    await writeAudit(tx, actor, { action: "outgoing_webhook.secret_rotated", targetType: "outgoing_webhook", targetId: id });
    return updated;
  });
  return { webhook: presentOutgoingWebhook(row), secret };
}
