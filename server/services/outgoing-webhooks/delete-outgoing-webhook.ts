import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { outgoingIdField } from "@/lib/outgoing-webhooks/fields";
import { findOutgoingWebhook } from "./scope";

export const deleteOutgoingWebhookInput = z.object({ id: outgoingIdField });

/**
 * Deletes the endpoint and its delivery log. Automations whose steps use it
 * then show a validation problem (publishing is refused until another endpoint
 * is chosen); a run of an already published version fails that step with a clear error.
 */
export async function deleteOutgoingWebhook(actor: Actor, input: z.input<typeof deleteOutgoingWebhookInput>, db: Db = getDb()): Promise<{ id: string; deleted: true }> {
  assertCan(actor, "webhooks:write");
  const { id } = parseInput(deleteOutgoingWebhookInput, input);
  await db.$transaction(async (tx) => {
    const row = await findOutgoingWebhook(tx, actor, id);
    await tx.outgoingWebhookAttempt.deleteMany({ where: { webhookId: row.id } });
    await tx.outgoingWebhook.delete({ where: { id: row.id } });
    await writeAudit(tx, actor, { action: "outgoing_webhook.deleted", targetType: "outgoing_webhook", targetId: id, details: { name: row.name, url: row.url } });
  });
  return { id, deleted: true };
}
