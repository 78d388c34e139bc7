import { memberProcedure } from "@/server/trpc/init";
import { markAllNotificationsRead } from "@/server/services/notifications/mark-read";

/** notifications.markAllRead() → { updated }. */
export const markAllRead = memberProcedure.mutation(({ ctx }) => markAllNotificationsRead(ctx.actor, ctx.db));
