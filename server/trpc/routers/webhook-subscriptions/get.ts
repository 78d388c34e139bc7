import { memberProcedure } from "@/server/trpc/init";
import { getSubscription, getSubscriptionInput } from "@/server/services/webhook-subscriptions/get-subscription";

/** webhookSubscriptions.get({ id }) → one subscription with its failure streak; never its secret. */
export const get = memberProcedure
  .input(getSubscriptionInput)
  .query(({ ctx, input }) => getSubscription(ctx.actor, input, ctx.db));
