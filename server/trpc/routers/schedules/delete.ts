import { adminProcedure } from "@/server/trpc/init";
import { deleteEventSchedule, deleteEventScheduleInput } from "@/server/services/schedules/delete-event-schedule";

/** schedules.delete({ id }) → deletes a standalone event schedule (admins) */
export const deleteSchedule = adminProcedure.input(deleteEventScheduleInput).mutation(({ ctx, input }) => deleteEventSchedule(ctx.actor, input, ctx.db));
