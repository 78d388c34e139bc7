import { memberProcedure } from "@/server/trpc/init";
import { listCustomEventTypes } from "@/server/services/event-types/list-custom-event-types";

/** eventTypes.list() → the workspace's custom event types (name, description, sample payload). */
export const list = memberProcedure.query(({ ctx }) => listCustomEventTypes(ctx.actor, ctx.db));
