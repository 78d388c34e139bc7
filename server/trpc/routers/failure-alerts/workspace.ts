import { memberProcedure, permissionProcedure } from "@/server/trpc/init";
import { getWorkspaceFailureAlerts, setWorkspaceFailureAlerts, setWorkspaceFailureAlertsInput } from "@/server/services/failure-alerts/alert-settings";

/** failureAlerts.workspace() → { settings | null } (every member reads it) */
export const workspace = memberProcedure.query(({ ctx }) => getWorkspaceFailureAlerts(ctx.actor, ctx.db));

/** failureAlerts.setWorkspace({ settings | null }) → { settings } (workspace admins; audited) */
export const setWorkspace = permissionProcedure("workspace:admin")
  .input(setWorkspaceFailureAlertsInput)
  .mutation(({ ctx, input }) => setWorkspaceFailureAlerts(ctx.actor, input, ctx.db));
