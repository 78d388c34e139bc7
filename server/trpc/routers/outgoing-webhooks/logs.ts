import { memberProcedure } from "@/server/trpc/init";
import { listOutgoingAttempts, listOutgoingAttemptsInput } from "@/server/services/outgoing-webhooks/list-outgoing-attempts";

/** outgoingWebhooks.logs({ id, status?, source?, runId?, limit?, cursor? }) → { items, nextCursor }, newest first. */
export const logs = memberProcedure
  .input(listOutgoingAttemptsInput)
  .query(({ ctx, input }) => listOutgoingAttempts(ctx.actor, input, ctx.db));
