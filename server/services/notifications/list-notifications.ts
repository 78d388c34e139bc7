import { getDb, type DbOrTx } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { decodeCursor, encodeCursor } from "@/server/services/runs/cursor";

export interface ListNotificationsInput {
  unreadOnly?: boolean;
  cursor?: string;
  /** 1–100, default 20 */
  limit?: number;
}

export interface NotificationItem {
  id: string;
  title: string;
  body: string;
  link: string | null;
  runId: string | null;
  readAt: Date | null;
  createdAt: Date;
}

export interface NotificationPage {
  items: NotificationItem[];
  nextCursor: string | null;
}

export const MAX_NOTIFICATIONS_LIMIT = 100;

/** The actor's own notifications in the current workspace, newest first. */
export async function listNotifications(actor: Actor, input: ListNotificationsInput, db: DbOrTx = getDb()): Promise<NotificationPage> {
  const limit = input.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_NOTIFICATIONS_LIMIT) {
    throw new AppError("BAD_REQUEST", `limit: must be a whole number from 1 to ${MAX_NOTIFICATIONS_LIMIT} (got ${limit})`, {
      issues: [{ field: "limit", message: `must be 1–${MAX_NOTIFICATIONS_LIMIT}` }],
    });
  }
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await db.notification.findMany({
    where: {
      workspaceId: actor.workspaceId,
      userId: actor.userId,
      ...(input.unreadOnly ? { readAt: null } : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { id: true, title: true, body: true, link: true, runId: true, readAt: true, createdAt: true },
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}
