import type { DbOrTx } from "@/server/db";
import type { OutgoingWebhook } from "@/server/db/generated/sqlite/client";
import { AppError, notFound, type Actor } from "@/server/services/errors";

/** The endpoint in the actor's workspace; another workspace's id answers 404 like a missing one. */
export async function findOutgoingWebhook(db: DbOrTx, actor: Pick<Actor, "workspaceId">, id: string): Promise<OutgoingWebhook> {
  const row = await db.outgoingWebhook.findFirst({ where: { id, workspaceId: actor.workspaceId } });
  if (!row) throw notFound("Outgoing webhook");
  return row;
}

/** Names are unique per workspace: a clear 409 on the name field instead of the constraint error. */
export async function assertNameFree(db: DbOrTx, workspaceId: string, name: string, exceptId?: string): Promise<void> {
  const other = await db.outgoingWebhook.findFirst({ where: { workspaceId, name, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } });
  if (other) {
    const message = `name: an outgoing webhook named "${name}" already exists in this workspace; choose another name`;
    throw new AppError("CONFLICT", message, { issues: [{ field: "name", message }] });
  }
}
