import { memberProcedure } from "@/server/trpc/init";
import { listEvents, listEventsInput } from "@/server/services/events/list-events";

/** events.list({ type?, cursor?, limit? }) → { items: events newest first with the runs each started, nextCursor }. */
export const list = memberProcedure.input(listEventsInput).query(({ ctx, input }) => listEvents(ctx.actor, input, ctx.db));
