import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { endpointIdField, findIncoming, toIncoming, type IncomingWebhookInfo } from "./incoming";
import { rotateWebhookSecret } from "./rotate-webhook-secret";
import { rotateWebhookUrl } from "./rotate-webhook-url";

export const rotateIncomingSecretInput = z.object({
  id: endpointIdField,
  kind: z.enum(["header", "hmac"], { error: () => 'kind must be "header" or "hmac"' }).optional(),
});

/**
 * A new secret for the webhook, returned this once (effective at once, the old
 * one stops working). kind defaults to the webhook's auth mode: hmac → a
 * Standard Webhooks whsec_ signing secret, header → a shared header secret.
 */
export async function rotateIncomingSecret(
  actor: Actor,
  input: z.input<typeof rotateIncomingSecretInput>,
  db: Db = getDb(),
): Promise<{ webhook: IncomingWebhookInfo; secret: string }> {
  assertCan(actor, "webhooks:write");
  const { id, kind } = parseInput(rotateIncomingSecretInput, input);
  const row = await findIncoming(db, actor, id);
  const authMode = toIncoming(row).authMode;
  const k = kind ?? (authMode === "hmac" ? "hmac" : authMode === "header" ? "header" : null);
  if (!k) {
    throw new AppError("BAD_REQUEST", 'kind: this webhook\'s auth_mode is "none", so it uses no secret; pass kind ("header" or "hmac") or set auth_mode first', {
      issues: [{ field: "kind", message: 'required when auth_mode is "none"' }],
    });
  }
  const { secret } = await rotateWebhookSecret(actor, { automationId: row.automation.id, kind: k }, db, "webhooks:write");
  return { webhook: toIncoming(await findIncoming(db, actor, id)), secret };
}

export const rotateIncomingUrlInput = z.object({ id: endpointIdField });

/** A new URL for the webhook (the old one answers 404 at once); the endpoint id stays. */
export async function rotateIncomingUrl(actor: Actor, input: z.input<typeof rotateIncomingUrlInput>, db: Db = getDb()): Promise<IncomingWebhookInfo> {
  assertCan(actor, "webhooks:write");
  const { id } = parseInput(rotateIncomingUrlInput, input);
  const row = await findIncoming(db, actor, id);
  await rotateWebhookUrl(actor, { automationId: row.automation.id, rotate: true }, db, "webhooks:write");
  return toIncoming(await findIncoming(db, actor, id));
}
