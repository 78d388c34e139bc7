import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { endpointIdField, findIncoming, toIncoming, type IncomingWebhookInfo } from "./incoming";

export const getIncomingWebhookInput = z.object({ id: endpointIdField });

/** One incoming webhook by its endpoint id (404 when unknown, another workspace's, or no longer a webhook trigger). */
export async function getIncomingWebhook(actor: Actor, input: z.input<typeof getIncomingWebhookInput>, db: Db = getDb()): Promise<IncomingWebhookInfo> {
  assertCan(actor, "webhooks:read");
  const { id } = parseInput(getIncomingWebhookInput, input);
  return toIncoming(await findIncoming(db, actor, id));
}
