import { memberProcedure } from "@/server/trpc/init";
import { getAutomation, getAutomationInput } from "@/server/services/automations/get-automation";

export const get = memberProcedure
  .input(getAutomationInput)
  .query(({ ctx, input }) => getAutomation(ctx.actor, input, ctx.db));
