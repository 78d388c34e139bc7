import { adminProcedure } from "@/server/trpc/init";
import { updateOutgoingWebhook, updateOutgoingWebhookInput } from "@/server/services/outgoing-webhooks/update-outgoing-webhook";

/** outgoingWebhooks.update({ id, name?, url?, headers?, description?, active?, timeoutMs? }) → the endpoint. */
export const update = adminProcedure
  .input(updateOutgoingWebhookInput)
  .mutation(({ ctx, input }) => updateOutgoingWebhook(ctx.actor, input, ctx.db));
