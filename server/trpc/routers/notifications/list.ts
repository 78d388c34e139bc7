import { memberProcedure } from "@/server/trpc/init";
import { listNotifications } from "@/server/services/notifications/list-notifications";
import { listNotificationsInput } from "./list.schema";

/** notifications.list({ unreadOnly?, cursor?, limit? }) → the current user's notifications, newest first. */
export const list = memberProcedure.input(listNotificationsInput).query(({ ctx, input }) => listNotifications(ctx.actor, input, ctx.db));
