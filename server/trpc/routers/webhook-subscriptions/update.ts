import { adminProcedure } from "@/server/trpc/init";
import { updateSubscription, updateSubscriptionInput } from "@/server/services/webhook-subscriptions/update-subscription";

/** webhookSubscriptions.update({ id, url?, events?, description?, active? }) → the subscription (active: true re-enables a disabled one). */
export const update = adminProcedure
  .input(updateSubscriptionInput)
  .mutation(({ ctx, input }) => updateSubscription(ctx.actor, input, ctx.db));
