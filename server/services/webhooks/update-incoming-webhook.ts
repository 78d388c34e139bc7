import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { findTrigger } from "@/lib/graph/traverse";
import { AppError, type Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { editDraft } from "@/server/services/automations/edit-draft";
import { parseStoredGraph } from "@/server/services/automations/serialize";
import { assertCan } from "@/server/services/automations/scope";
import { applyOptions, draftWebhookNode, endpointIdField, findIncoming, incomingOptionsFields, replaceTrigger, toIncoming, type IncomingWebhookInfo } from "./incoming";

export const updateIncomingWebhookInput = z.object({ id: endpointIdField, ...incomingOptionsFields });

/**
 * Changes the webhook's options in the automation's draft trigger node (what
 * the canvas edits; a concurrent canvas save is detected, not overwritten).
 * Like every draft change they apply to the URL with the next publish
 * (`pendingPublish` until then). 409 when the draft's trigger is no longer a
 * webhook (only the published version still has one).
 */
export async function updateIncomingWebhook(actor: Actor, input: z.input<typeof updateIncomingWebhookInput>, db: Db = getDb()): Promise<IncomingWebhookInfo> {
  assertCan(actor, "webhooks:write");
  const { id, ...options } = parseInput(updateIncomingWebhookInput, input);
  await db.$transaction(async (tx) => {
    const row = await findIncoming(tx, actor, id);
    const graph = parseStoredGraph(row.automation.draftGraph);
    const node = draftWebhookNode(graph);
    if (!node) {
      const now = findTrigger(graph)?.type ?? "none";
      throw new AppError(
        "CONFLICT",
        `The draft of this automation has a ${now} trigger, not a webhook: publish it to remove the webhook, or set the trigger back to Webhook on the canvas before changing its options`,
        { draft_trigger_type: now },
      );
    }
    if (Object.values(options).every((v) => v === undefined)) return;
    await editDraft(tx, actor, row.automation.id, "webhook.incoming_updated", ({ graph: draft }) => {
      const current = draftWebhookNode(draft);
      const config = applyOptions(current?.config ?? {}, options);
      return { graph: replaceTrigger(draft, "webhook", current?.name ?? "Webhook", config), details: { endpointId: id, changed: Object.keys(options).filter((k) => options[k as keyof typeof options] !== undefined) } };
    });
  });
  return toIncoming(await findIncoming(db, actor, id));
}
