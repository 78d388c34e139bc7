import { permissionProcedure } from "@/server/trpc/init";
import { updateConnection, updateConnectionInput } from "@/server/services/connections/update-connection";

/** connections.update({ id, name?, description?, values?, removeKeys? }) → the connection; secrets are replaced, never read. */
export const update = permissionProcedure("connections:write")
  .input(updateConnectionInput)
  .mutation(({ ctx, input }) => updateConnection(ctx.actor, input, ctx.db));
