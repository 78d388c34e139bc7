import { memberProcedure } from "@/server/trpc/init";
import { getOutgoingWebhook, getOutgoingWebhookInput } from "@/server/services/outgoing-webhooks/get-outgoing-webhook";

/** outgoingWebhooks.get({ id }) → one endpoint; never its secret. */
export const get = memberProcedure
  .input(getOutgoingWebhookInput)
  .query(({ ctx, input }) => getOutgoingWebhook(ctx.actor, input, ctx.db));
