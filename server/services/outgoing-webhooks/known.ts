import type { DbOrTx } from "@/server/db";
import type { KnownOutgoingWebhook } from "@/lib/graph/validate-outgoing-webhooks";

/** The workspace's endpoints as graph validation sees them (id, name, active). */
export async function knownOutgoingWebhooks(db: DbOrTx, workspaceId: string): Promise<KnownOutgoingWebhook[]> {
  return db.outgoingWebhook.findMany({ where: { workspaceId }, select: { id: true, name: true, active: true } });
}
