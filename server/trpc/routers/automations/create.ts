import { adminProcedure } from "@/server/trpc/init";
import { createAutomation, createAutomationInput } from "@/server/services/automations/create-automation";

export const create = adminProcedure
  .input(createAutomationInput)
  .mutation(({ ctx, input }) => createAutomation(ctx.actor, input, ctx.db));
