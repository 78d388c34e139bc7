import { memberProcedure } from "@/server/trpc/init";
import { listAutomations, listAutomationsInput } from "@/server/services/automations/list-automations";

export const list = memberProcedure
  .input(listAutomationsInput)
  .query(({ ctx, input }) => listAutomations(ctx.actor, input, ctx.db));
