import { getDb, type DbOrTx } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { MAX_LIMIT } from "@/lib/paging";
import { afterCreatedDesc, decodeCursor, encodeCursor, takePage } from "@/server/services/paging";

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

export const MAX_NOTIFICATIONS_LIMIT = MAX_LIMIT;

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
      ...afterCreatedDesc(after),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { id: true, title: true, body: true, link: true, runId: true, readAt: true, createdAt: true },
  });
  return takePage(rows, limit, (r) => encodeCursor({ at: r.createdAt, id: r.id }));
}
