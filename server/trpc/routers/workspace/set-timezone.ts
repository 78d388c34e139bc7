import { permissionProcedure } from "@/server/trpc/init";
import { setWorkspaceTimezone, setWorkspaceTimezoneInput } from "@/server/services/workspaces/set-workspace-timezone";

/** workspace.setTimezone({ timezone }) → { timezone, resynced } (workspace admins) */
export const setTimezone = permissionProcedure("workspace:admin").input(setWorkspaceTimezoneInput).mutation(({ ctx, input }) => setWorkspaceTimezone(ctx.actor, input, ctx.db));
