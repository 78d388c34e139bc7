import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { getNodeType } from "@/lib/nodes/registry";
import { AppError, type Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { editDraft } from "@/server/services/automations/edit-draft";
import { assertCan } from "@/server/services/automations/scope";
import { invalidateWebhookEndpoints } from "@/server/triggers/webhook/endpoint-cache";
import { draftWebhookNode, endpointIdField, findIncoming, publishedIsWebhook, replaceTrigger } from "./incoming";

export const deleteIncomingWebhookInput = z.object({ id: endpointIdField });

/**
 * Removes a webhook that exists only in the draft: the draft's trigger goes
 * back to Manual and the endpoint (URL and secret) is deleted. When the
 * published version is started by this webhook, 409: deleting the URL under a
 * published version would break the version (a resume would recreate it with
 * another URL). Publishing a version with another trigger is the way out: the
 * URL stops working then, and the webhook leaves the list.
 */
export async function deleteIncomingWebhook(actor: Actor, input: z.input<typeof deleteIncomingWebhookInput>, db: Db = getDb()): Promise<void> {
  assertCan(actor, "webhooks:write");
  const { id } = parseInput(deleteIncomingWebhookInput, input);
  await db.$transaction(async (tx) => {
    const row = await findIncoming(tx, actor, id);
    if (publishedIsWebhook(row)) {
      throw new AppError(
        "CONFLICT",
        "The published version of this automation is started by this webhook: set another trigger (canvas, or PATCH /automations/{id} with trigger_type) and publish it: the URL stops working then and the webhook leaves this list",
        { automation_id: row.automation.id, active: row.active },
      );
    }
    const manual = getNodeType("manual");
    await editDraft(tx, actor, row.automation.id, "webhook.incoming_deleted", ({ graph }) =>
      draftWebhookNode(graph)
        ? { graph: replaceTrigger(graph, "manual", manual?.label ?? "Manual trigger", { ...((manual?.defaultConfig ?? {}) as Record<string, unknown>) }), details: { endpointId: id } }
        : { details: { endpointId: id } },
    );
    await tx.webhookEndpoint.delete({ where: { id: row.id } });
  });
  invalidateWebhookEndpoints();
}
