import { memberProcedure } from "@/server/trpc/init";
import { getSchedule, getScheduleInput } from "@/server/services/schedules/get-schedule";

/** schedules.get({ id }) → one schedule with its next fire times and fire history */
export const get = memberProcedure.input(getScheduleInput).query(({ ctx, input }) => getSchedule(ctx.actor, input, ctx.db));
