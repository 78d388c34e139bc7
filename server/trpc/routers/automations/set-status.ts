import { adminProcedure } from "@/server/trpc/init";
import { setAutomationStatus, setAutomationStatusInput } from "@/server/services/automations/set-automation-status";

export const setStatus = adminProcedure
  .input(setAutomationStatusInput)
  .mutation(({ ctx, input }) => setAutomationStatus(ctx.actor, input, ctx.db));
