import { permissionProcedure } from "@/server/trpc/init";
import { listIncomingWebhooks, listIncomingWebhooksInput } from "@/server/services/webhooks/list-incoming-webhooks";

/** webhooks.listIncoming({ withLastRequest? }) → the webhook-triggered automations with URL and options, newest first; never a secret. */
export const listIncoming = permissionProcedure("webhooks:read")
  .input(listIncomingWebhooksInput)
  .query(({ ctx, input }) => listIncomingWebhooks(ctx.actor, input, ctx.db));
