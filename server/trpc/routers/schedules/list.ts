import { memberProcedure } from "@/server/trpc/init";
import { listSchedules, listSchedulesInput } from "@/server/services/schedules/list-schedules";

/** schedules.list({ kind? }) → every schedule of the workspace with next fire, last status, remaining occurrences */
export const list = memberProcedure.input(listSchedulesInput).query(({ ctx, input }) => listSchedules(ctx.actor, input, ctx.db));
