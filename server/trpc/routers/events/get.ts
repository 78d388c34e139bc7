import { memberProcedure } from "@/server/trpc/init";
import { getEvent, getEventInput } from "@/server/services/events/get-event";

/** events.get({ id }) → the event with its data and every run it started. */
export const get = memberProcedure.input(getEventInput).query(({ ctx, input }) => getEvent(ctx.actor, input, ctx.db));
