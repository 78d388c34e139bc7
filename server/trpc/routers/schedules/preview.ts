import { memberProcedure } from "@/server/trpc/init";
import { previewCron, previewCronInput } from "@/server/services/schedules/preview-cron";

/** schedules.preview({ cron | form, timezone, count }) → description + next fire times (read-only, any member) */
export const preview = memberProcedure.input(previewCronInput).query(({ ctx, input }) => previewCron(ctx.actor, input));
