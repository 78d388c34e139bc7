import { adminProcedure } from "@/server/trpc/init";
import { fireSchedule, fireScheduleInput } from "@/server/services/schedules/fire-schedule-now";

/** schedules.fireNow({ id }) → the fire (runs started now; counters unchanged) (admins) */
export const fireNow = adminProcedure.input(fireScheduleInput).mutation(({ ctx, input }) => fireSchedule(ctx.actor, input, ctx.db));
