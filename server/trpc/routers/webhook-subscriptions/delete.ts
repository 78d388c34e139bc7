import { adminProcedure } from "@/server/trpc/init";
import { deleteSubscription, deleteSubscriptionInput } from "@/server/services/webhook-subscriptions/delete-subscription";

/** webhookSubscriptions.delete({ id }) → { id, deleted }: the subscription, its deliveries and log. */
export const remove = adminProcedure
  .input(deleteSubscriptionInput)
  .mutation(({ ctx, input }) => deleteSubscription(ctx.actor, input, ctx.db));
