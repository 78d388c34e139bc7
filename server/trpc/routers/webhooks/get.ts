import { memberProcedure } from "@/server/trpc/init";
import { getWebhookEndpoint, getWebhookEndpointInput } from "@/server/services/webhooks/get-webhook-endpoint";

/** webhooks.get({ automationId }) → endpoint info (URL, options, secret set at) or null; never the secret. */
export const get = memberProcedure
  .input(getWebhookEndpointInput)
  .query(({ ctx, input }) => getWebhookEndpoint(ctx.actor, input, ctx.db));
