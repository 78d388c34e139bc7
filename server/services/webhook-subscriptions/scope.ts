import type { DbOrTx } from "@/server/db";
import type { WebhookSubscription } from "@/server/db/generated/sqlite/client";
import { notFound, type Actor } from "@/server/services/errors";

/** The subscription in the actor's workspace; another workspace's id answers 404 like a missing one. */
export async function findSubscription(db: DbOrTx, actor: Actor, id: string): Promise<WebhookSubscription> {
  const row = await db.webhookSubscription.findFirst({ where: { id, workspaceId: actor.workspaceId } });
  if (!row) throw notFound("Webhook subscription");
  return row;
}
