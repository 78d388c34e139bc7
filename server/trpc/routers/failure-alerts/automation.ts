import { adminProcedure, memberProcedure } from "@/server/trpc/init";
import {
  automationFailureAlertsInput,
  getAutomationFailureAlerts,
  setAutomationFailureAlerts,
  setAutomationFailureAlertsInput,
} from "@/server/services/failure-alerts/alert-settings";

/** failureAlerts.automation({ automationId }) → { settings | null (= workspace default), workspaceDefault, effective } */
export const automation = memberProcedure.input(automationFailureAlertsInput).query(({ ctx, input }) => getAutomationFailureAlerts(ctx.actor, input, ctx.db));

/** failureAlerts.setAutomation({ automationId, settings | null }) (admins; audited): null = use the workspace default, enabled:false = off */
export const setAutomation = adminProcedure
  .input(setAutomationFailureAlertsInput)
  .mutation(({ ctx, input }) => setAutomationFailureAlerts(ctx.actor, input, ctx.db));
