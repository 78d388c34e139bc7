import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { sealSecret } from "@/server/security/secret-box";
import { newSigningSecret } from "@/server/triggers/webhook/tokens";
import { assertDeliverableUrl } from "@/server/services/webhook-subscriptions/url-guard";
import {
  OUTGOING_DEFAULT_TIMEOUT_MS, outgoingDescriptionField, outgoingHeadersField, outgoingNameField, outgoingTimeoutField, outgoingUrlField,
} from "@/lib/outgoing-webhooks/fields";
import { assertHeaderConnections, encodeHeaders } from "./headers";
import { presentOutgoingWebhook, type OutgoingWebhookInfo } from "./present";
import { assertNameFree } from "./scope";

export const createOutgoingWebhookInput = z.object({
  name: outgoingNameField,
  url: outgoingUrlField,
  headers: outgoingHeadersField.default([]),
  description: outgoingDescriptionField.default(""),
  active: z.boolean().default(true),
  timeoutMs: outgoingTimeoutField.default(OUTGOING_DEFAULT_TIMEOUT_MS),
});
export type CreateOutgoingWebhookInput = z.input<typeof createOutgoingWebhookInput>;

/**
 * A named endpoint automations (outgoing_webhook steps) and "Send test event"
 * post to. The url passes the SSRF check of subscriptions; header references
 * must name a connection field of the workspace. The generated whsec_ signing
 * secret is sealed at rest and returned this once.
 */
export async function createOutgoingWebhook(actor: Actor, input: CreateOutgoingWebhookInput, db: Db = getDb()): Promise<{ webhook: OutgoingWebhookInfo; secret: string }> {
  assertCan(actor, "webhooks:write");
  const p = parseInput(createOutgoingWebhookInput, input);
  const url = await assertDeliverableUrl(p.url);
  const secret = newSigningSecret();
  const row = await db.$transaction(async (tx) => {
    await assertNameFree(tx, actor.workspaceId, p.name);
    await assertHeaderConnections(tx, actor.workspaceId, p.headers);
    const created = await tx.outgoingWebhook.create({
      data: {
        workspaceId: actor.workspaceId, name: p.name, url, headers: encodeHeaders(p.headers), description: p.description, active: p.active,
        timeoutMs: p.timeoutMs, secretEnc: sealSecret(secret), secretSetAt: new Date(), createdById: actor.userId,
      },
    });
    await writeAudit(tx, actor, {
      action: "outgoing_webhook.created", targetType: "outgoing_webhook", targetId: created.id,
      details: { name: p.name, url, headers: p.headers.map((h) => h.name) },
    });
    return created;
  });
  return { webhook: presentOutgoingWebhook(row), secret };
}
