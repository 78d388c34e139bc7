import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { getNodeType } from "@/lib/nodes/registry";
import { AppError, type Actor } from "@/server/services/errors";
import { automationIdField } from "@/server/services/automations/fields";
import { parseInput } from "@/server/services/automations/input";
import { editDraft } from "@/server/services/automations/edit-draft";
import { parseStoredGraph } from "@/server/services/automations/serialize";
import { assertCan, assertNotArchived, findAutomationInWorkspace } from "@/server/services/automations/scope";
import { invalidateWebhookEndpoints } from "@/server/triggers/webhook/endpoint-cache";
import { endpointOptions } from "@/server/triggers/webhook/source";
import { newHookToken } from "@/server/triggers/webhook/tokens";
import { applyOptions, draftWebhookNode, findIncoming, incomingOptionsFields, replaceTrigger, toIncoming, type IncomingWebhookInfo } from "./incoming";

export const createIncomingWebhookInput = z.object({ automationId: automationIdField, ...incomingOptionsFields });

/**
 * Makes the automation webhook-triggered: its draft's trigger node becomes a
 * Webhook trigger with these options (node id and edges kept, any other
 * trigger replaced; the canvas shows it at once), and its endpoint is created
 * with a fresh URL, inactive. The URL starts runs once the draft is published
 * and the automation active (REST: POST /automations/{id}/enable). 409 when the
 * automation's draft or published trigger already is a webhook. A leftover
 * endpoint from an earlier webhook trigger is replaced (new URL, no secret).
 */
export async function createIncomingWebhook(actor: Actor, input: z.input<typeof createIncomingWebhookInput>, db: Db = getDb()): Promise<IncomingWebhookInfo> {
  assertCan(actor, "webhooks:write");
  const { automationId, ...options } = parseInput(createIncomingWebhookInput, input);
  const def = getNodeType("webhook");
  const config = applyOptions({ ...((def?.defaultConfig ?? {}) as Record<string, unknown>) }, options);
  const id = await db.$transaction(async (tx) => {
    const automation = await findAutomationInWorkspace(tx, actor, automationId);
    assertNotArchived(automation);
    const existing = await tx.webhookEndpoint.findUnique({ where: { automationId: automation.id } });
    const trigger = await tx.automationTrigger.findUnique({ where: { automationId: automation.id }, select: { type: true } });
    const publishedWebhook = automation.publishedVersion !== null && trigger?.type === "webhook";
    if (draftWebhookNode(parseStoredGraph(automation.draftGraph)) || publishedWebhook) {
      throw new AppError("CONFLICT", `This automation already has an incoming webhook${existing ? ` (${existing.id})` : ""}; change it with PATCH /webhooks/incoming/{id}`, {
        automation_id: automation.id,
        ...(existing ? { id: existing.id } : {}),
      });
    }
    await editDraft(tx, actor, automation.id, "webhook.incoming_created", ({ graph }) => ({
      graph: replaceTrigger(graph, "webhook", def?.label ?? "Webhook", config),
      details: { authMode: config.authMode, responseMode: config.responseMode },
    }));
    if (existing) await tx.webhookEndpoint.delete({ where: { id: existing.id } });
    // Options copied for readers of the row; the publish that activates the URL writes them again from the published node.
    const created = await tx.webhookEndpoint.create({
      data: { automationId: automation.id, workspaceId: automation.workspaceId, token: newHookToken(), active: false, ...endpointOptions(config) },
    });
    return created.id;
  });
  invalidateWebhookEndpoints();
  return toIncoming(await findIncoming(db, actor, id));
}
