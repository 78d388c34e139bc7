import { memberProcedure } from "@/server/trpc/init";
import { listConnections, listConnectionsInput } from "@/server/services/connections/list-connections";

/** connections.list({ types? }) → connections by name; specialists get name and type only; never a secret. */
export const list = memberProcedure
  .input(listConnectionsInput)
  .query(({ ctx, input }) => listConnections(ctx.actor, input, ctx.db));
