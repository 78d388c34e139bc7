import { adminProcedure } from "@/server/trpc/init";
import { setScheduleEnabled, setScheduleEnabledInput } from "@/server/services/schedules/set-schedule-enabled";

/** schedules.setEnabled({ id, enabled }) → the schedule (admins) */
export const setEnabled = adminProcedure.input(setScheduleEnabledInput).mutation(({ ctx, input }) => setScheduleEnabled(ctx.actor, input, ctx.db));
