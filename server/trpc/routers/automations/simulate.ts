import { memberProcedure } from "@/server/trpc/init";
import { simulateAutomation, simulateAutomationInput } from "@/server/services/automations/simulate-automation";

/** automations.simulate({ automationId, triggerData }) → conditions, path and each node's preview of the draft; nothing is sent or recorded (a query: no side effects). */
export const simulate = memberProcedure.input(simulateAutomationInput).query(({ ctx, input }) => simulateAutomation(ctx.actor, input, ctx.db));
