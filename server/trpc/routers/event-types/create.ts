import { adminProcedure } from "@/server/trpc/init";
import { createCustomEventType, createCustomEventTypeInput } from "@/server/services/event-types/create-custom-event-type";

/** eventTypes.create({ name, description?, samplePayload? }) → the new custom event type. */
export const create = adminProcedure.input(createCustomEventTypeInput).mutation(({ ctx, input }) => createCustomEventType(ctx.actor, input, ctx.db));
