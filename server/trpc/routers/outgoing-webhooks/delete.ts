import { adminProcedure } from "@/server/trpc/init";
import { deleteOutgoingWebhook, deleteOutgoingWebhookInput } from "@/server/services/outgoing-webhooks/delete-outgoing-webhook";

/** outgoingWebhooks.delete({ id }) → { id, deleted }: the endpoint and its log. */
export const remove = adminProcedure
  .input(deleteOutgoingWebhookInput)
  .mutation(({ ctx, input }) => deleteOutgoingWebhook(ctx.actor, input, ctx.db));
