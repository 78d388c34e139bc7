import { adminProcedure } from "@/server/trpc/init";
import { archiveAutomation, archiveAutomationInput } from "@/server/services/automations/archive-automation";

/** Delete = archive. */
export const archive = adminProcedure
  .input(archiveAutomationInput)
  .mutation(({ ctx, input }) => archiveAutomation(ctx.actor, input, ctx.db));
