import { memberProcedure } from "@/server/trpc/init";
import { getConnection, getConnectionInput } from "@/server/services/connections/get-connection";

/** connections.get({ id }) → one connection (admins: details and secret metadata; never a secret). */
export const get = memberProcedure
  .input(getConnectionInput)
  .query(({ ctx, input }) => getConnection(ctx.actor, input, ctx.db));
