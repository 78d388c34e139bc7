import { memberProcedure } from "@/server/trpc/init";
import { countUnreadNotifications } from "@/server/services/notifications/unread-count";

/** notifications.unreadCount() → { count } for the current user in the current workspace. */
export const unreadCount = memberProcedure.query(({ ctx }) => countUnreadNotifications(ctx.actor, ctx.db));
