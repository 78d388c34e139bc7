import { getDb, type DbOrTx } from "@/server/db";
import type { Actor } from "@/server/services/errors";

/**
 * Marks the actor's own notifications as read. Ids of other users' notifications
 * (or other workspaces') are ignored, so nobody can touch someone else's inbox.
 * Already-read notifications keep their first readAt.
 */
export async function markNotificationsRead(actor: Actor, ids: string[], db: DbOrTx = getDb()): Promise<{ updated: number }> {
  if (ids.length === 0) return { updated: 0 };
  const { count } = await db.notification.updateMany({
    where: { id: { in: ids }, workspaceId: actor.workspaceId, userId: actor.userId, readAt: null },
    data: { readAt: new Date() },
  });
  return { updated: count };
}

/** Marks every unread notification of the actor in the current workspace as read. */
export async function markAllNotificationsRead(actor: Actor, db: DbOrTx = getDb()): Promise<{ updated: number }> {
  const { count } = await db.notification.updateMany({
    where: { workspaceId: actor.workspaceId, userId: actor.userId, readAt: null },
    data: { readAt: new Date() },
  });
  return { updated: count };
}
