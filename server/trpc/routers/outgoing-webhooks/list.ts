import { memberProcedure } from "@/server/trpc/init";
import { listOutgoingWebhooks, listOutgoingWebhooksInput } from "@/server/services/outgoing-webhooks/list-outgoing-webhooks";

/** outgoingWebhooks.list({ active? }) → endpoints by name with their last attempt; never a secret. */
export const list = memberProcedure
  .input(listOutgoingWebhooksInput)
  .query(({ ctx, input }) => listOutgoingWebhooks(ctx.actor, input, ctx.db));
