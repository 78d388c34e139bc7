import { memberProcedure } from "@/server/trpc/init";
import { markNotificationsRead } from "@/server/services/notifications/mark-read";
import { markReadInput } from "./mark-read.schema";

/** notifications.markRead({ ids }) → { updated }. Members (specialists too) manage their own notifications. */
export const markRead = memberProcedure.input(markReadInput).mutation(({ ctx, input }) => markNotificationsRead(ctx.actor, input.ids, ctx.db));
