import { permissionProcedure } from "@/server/trpc/init";
import { deleteConnection, deleteConnectionInput } from "@/server/services/connections/delete-connection";

/** connections.delete({ id, confirm? }) → CONFLICT with details.usage while automations use it, unless confirm. */
export const remove = permissionProcedure("connections:write")
  .input(deleteConnectionInput)
  .mutation(({ ctx, input }) => deleteConnection(ctx.actor, input, ctx.db));
