import { adminProcedure } from "@/server/trpc/init";
import { renameAutomation, renameAutomationInput } from "@/server/services/automations/rename-automation";

export const rename = adminProcedure
  .input(renameAutomationInput)
  .mutation(({ ctx, input }) => renameAutomation(ctx.actor, input, ctx.db));
