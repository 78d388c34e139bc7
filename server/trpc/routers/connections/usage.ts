import { memberProcedure } from "@/server/trpc/init";
import { connectionUsageInput, getConnectionUsage } from "@/server/services/connections/connection-usage";

/** connections.usage({ id }) → { count, automations: [{ draftNodes, versions }] } (seed 001 count / trace usage). */
export const usage = memberProcedure
  .input(connectionUsageInput)
  .query(({ ctx, input }) => getConnectionUsage(ctx.actor, input, ctx.db));
