import { getDb, type DbOrTx } from "@/server/db";
import type { Actor } from "@/server/services/errors";

/** How many of the actor's notifications in the current workspace are unread. */
export async function countUnreadNotifications(actor: Actor, db: DbOrTx = getDb()): Promise<{ count: number }> {
  const count = await db.notification.count({ where: { workspaceId: actor.workspaceId, userId: actor.userId, readAt: null } });
  return { count };
}
