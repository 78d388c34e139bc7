import { adminProcedure } from "@/server/trpc/init";
import {
  updateAutomationSettings,
  updateAutomationSettingsInput,
} from "@/server/services/automations/update-automation-settings";

export const updateSettings = adminProcedure
  .input(updateAutomationSettingsInput)
  .mutation(({ ctx, input }) => updateAutomationSettings(ctx.actor, input, ctx.db));
