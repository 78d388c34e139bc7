import { permissionProcedure } from "@/server/trpc/init";
import { runConnectionTest, testConnectionInput } from "@/server/services/connections/test-connection";

/** connections.test({ id }) → { ok, message, testedAt }: the credentials tried against their service. */
export const test = permissionProcedure("connections:write")
  .input(testConnectionInput)
  .mutation(({ ctx, input }) => runConnectionTest(ctx.actor, input, ctx.db));
