import { adminProcedure } from "@/server/trpc/init";
import { saveEventSchedule, saveEventScheduleInput } from "@/server/services/schedules/save-event-schedule";

/** schedules.save({ id?, name, automationId, cron | form, timezone, payload, audience, endAt, maxRuns }) → standalone event schedule (admins) */
export const save = adminProcedure.input(saveEventScheduleInput).mutation(({ ctx, input }) => saveEventSchedule(ctx.actor, input, ctx.db));
