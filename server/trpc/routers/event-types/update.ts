import { adminProcedure } from "@/server/trpc/init";
import { updateCustomEventType, updateCustomEventTypeInput } from "@/server/services/event-types/update-custom-event-type";

/** eventTypes.update({ id, name?, description?, samplePayload? }) → the custom event type. */
export const update = adminProcedure.input(updateCustomEventTypeInput).mutation(({ ctx, input }) => updateCustomEventType(ctx.actor, input, ctx.db));
