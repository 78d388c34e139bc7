import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import type { Permission } from "@/server/auth/permissions";
import { writeAudit } from "@/server/services/audit/write-audit";
import { automationIdField } from "@/server/services/automations/fields";
import { parseInput } from "@/server/services/automations/input";
import { assertCan, assertNotArchived, findAutomationInWorkspace } from "@/server/services/automations/scope";
import { sealSecret } from "@/server/security/secret-box";
import { invalidateWebhookEndpoints } from "@/server/triggers/webhook/endpoint-cache";
import { ensureEndpoint } from "@/server/triggers/webhook/source";
import { newHeaderSecret, newSigningSecret } from "@/server/triggers/webhook/tokens";
import { presentEndpoint, type WebhookEndpointInfo } from "./present";

export const rotateWebhookSecretInput = z.object({
  automationId: automationIdField,
  kind: z.enum(["header", "hmac"], { error: () => 'kind must be "header" (shared header secret) or "hmac" (Standard Webhooks whsec_ signing secret)' }),
});
export type RotateWebhookSecretInput = z.input<typeof rotateWebhookSecretInput>;

/**
 * Generates (or replaces) the webhook's secret on the server: a random header
 * secret, or a Standard Webhooks `whsec_…` signing secret. It is stored
 * encrypted and returned this once; afterwards only "set on <date>" is shown.
 * The previous secret stops working at once.
 */
export async function rotateWebhookSecret(
  actor: Actor,
  input: RotateWebhookSecretInput,
  db: Db = getDb(),
  /** the editor asks automations:write; the incoming-webhooks resource (REST) webhooks:write */
  permission: Permission = "automations:write",
): Promise<{ endpoint: WebhookEndpointInfo; secret: string }> {
  assertCan(actor, permission);
  const { automationId, kind } = parseInput(rotateWebhookSecretInput, input);
  const secret = kind === "hmac" ? newSigningSecret() : newHeaderSecret();
  const row = await db.$transaction(async (tx) => {
    const automation = await findAutomationInWorkspace(tx, actor, automationId);
    assertNotArchived(automation);
    const endpoint = await ensureEndpoint(tx, automation.id, automation.workspaceId);
    const updated = await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { secretEnc: sealSecret(secret), secretSetAt: new Date() } });
    await writeAudit(tx, actor, {
      action: endpoint.secretEnc ? "webhook.secret_rotated" : "webhook.secret_created",
      targetType: "automation",
      targetId: automation.id,
      details: { endpointId: endpoint.id, kind },
    });
    return updated;
  });
  invalidateWebhookEndpoints();
  return { endpoint: presentEndpoint(row), secret };
}
