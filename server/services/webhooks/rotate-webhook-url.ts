import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import type { Permission } from "@/server/auth/permissions";
import { writeAudit } from "@/server/services/audit/write-audit";
import { automationIdField } from "@/server/services/automations/fields";
import { parseInput } from "@/server/services/automations/input";
import { assertCan, assertNotArchived, findAutomationInWorkspace } from "@/server/services/automations/scope";
import { invalidateWebhookEndpoints } from "@/server/triggers/webhook/endpoint-cache";
import { ensureEndpoint } from "@/server/triggers/webhook/source";
import { newHookToken } from "@/server/triggers/webhook/tokens";
import { presentEndpoint, type WebhookEndpointInfo } from "./present";

export const rotateWebhookUrlInput = z.object({
  automationId: automationIdField,
  /** false: only create the endpoint when it does not exist yet (keeps an existing URL) */
  rotate: z.boolean({ error: "rotate must be true or false" }).default(true),
});
export type RotateWebhookUrlInput = z.input<typeof rotateWebhookUrlInput>;

/**
 * Gives the automation a new webhook URL (the old one answers 404 at once), or
 * creates its endpoint when it has none yet (inactive until published).
 */
export async function rotateWebhookUrl(
  actor: Actor,
  input: RotateWebhookUrlInput,
  db: Db = getDb(),
  /** the editor asks automations:write; the incoming-webhooks resource (REST) webhooks:write */
  permission: Permission = "automations:write",
): Promise<WebhookEndpointInfo> {
  assertCan(actor, permission);
  const { automationId, rotate } = parseInput(rotateWebhookUrlInput, input);
  const row = await db.$transaction(async (tx) => {
    const automation = await findAutomationInWorkspace(tx, actor, automationId);
    assertNotArchived(automation);
    const existed = await tx.webhookEndpoint.findUnique({ where: { automationId: automation.id }, select: { id: true } });
    const endpoint = await ensureEndpoint(tx, automation.id, automation.workspaceId);
    if (!existed || !rotate) return endpoint;
    const updated = await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { token: newHookToken(), rotatedAt: new Date() } });
    await writeAudit(tx, actor, { action: "webhook.url_rotated", targetType: "automation", targetId: automation.id, details: { endpointId: endpoint.id } });
    return updated;
  });
  invalidateWebhookEndpoints();
  return presentEndpoint(row);
}
