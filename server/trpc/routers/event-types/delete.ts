import { adminProcedure } from "@/server/trpc/init";
import { deleteCustomEventType, deleteCustomEventTypeInput } from "@/server/services/event-types/delete-custom-event-type";

/** eventTypes.delete({ id }) → { id }; refused while an automation listens to the type. */
export const remove = adminProcedure.input(deleteCustomEventTypeInput).mutation(({ ctx, input }) => deleteCustomEventType(ctx.actor, input, ctx.db));
