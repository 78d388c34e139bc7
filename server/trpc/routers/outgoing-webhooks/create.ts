import { adminProcedure } from "@/server/trpc/init";
import { createOutgoingWebhook, createOutgoingWebhookInput } from "@/server/services/outgoing-webhooks/create-outgoing-webhook";

/** outgoingWebhooks.create({ name, url, headers?, description?, active?, timeoutMs? }) → { webhook, secret } (the secret this once). */
export const create = adminProcedure
  .input(createOutgoingWebhookInput)
  .mutation(({ ctx, input }) => createOutgoingWebhook(ctx.actor, input, ctx.db));
