import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { assertDeliverableUrl } from "@/server/services/webhook-subscriptions/url-guard";
import {
  outgoingDescriptionField, outgoingHeadersField, outgoingIdField, outgoingNameField, outgoingTimeoutField, outgoingUrlField,
} from "@/lib/outgoing-webhooks/fields";
import { assertHeaderConnections, encodeHeaders } from "./headers";
import { presentOutgoingWebhook, type OutgoingWebhookInfo } from "./present";
import { assertNameFree, findOutgoingWebhook } from "./scope";

export const updateOutgoingWebhookInput = z.object({
  id: outgoingIdField,
  name: outgoingNameField.optional(),
  url: outgoingUrlField.optional(),
  /** replaces the whole list */
  headers: outgoingHeadersField.optional(),
  description: outgoingDescriptionField.optional(),
  active: z.boolean().optional(),
  timeoutMs: outgoingTimeoutField.optional(),
});
export type UpdateOutgoingWebhookInput = z.input<typeof updateOutgoingWebhookInput>;

/** Changes name, url, headers (the whole list), description, active or timeout; the secret stays (rotateSecret changes it). */
export async function updateOutgoingWebhook(actor: Actor, input: UpdateOutgoingWebhookInput, db: Db = getDb()): Promise<OutgoingWebhookInfo> {
  assertCan(actor, "webhooks:write");
  const { id, ...p } = parseInput(updateOutgoingWebhookInput, input);
  const url = p.url === undefined ? undefined : await assertDeliverableUrl(p.url);
  const row = await db.$transaction(async (tx) => {
    const current = await findOutgoingWebhook(tx, actor, id);
    if (p.name !== undefined && p.name !== current.name) await assertNameFree(tx, actor.workspaceId, p.name, current.id);
    if (p.headers) await assertHeaderConnections(tx, actor.workspaceId, p.headers);
    const updated = await tx.outgoingWebhook.update({
      where: { id: current.id },
      data: {
        name: p.name, url, headers: p.headers === undefined ? undefined : encodeHeaders(p.headers), description: p.description, active: p.active, timeoutMs: p.timeoutMs,
      },
    });
    await writeAudit(tx, actor, {
      action: "outgoing_webhook.updated", targetType: "outgoing_webhook", targetId: id,
      details: { ...p, url, headers: p.headers?.map((h) => h.name) },
    });
    return updated;
  });
  return presentOutgoingWebhook(row);
}
