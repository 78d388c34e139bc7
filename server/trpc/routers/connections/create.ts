import { permissionProcedure } from "@/server/trpc/init";
import { createConnection, createConnectionInput } from "@/server/services/connections/create-connection";

/** connections.create({ name, type, description?, values }) → the connection without its secrets. */
export const create = permissionProcedure("connections:write")
  .input(createConnectionInput)
  .mutation(({ ctx, input }) => createConnection(ctx.actor, input, ctx.db));
