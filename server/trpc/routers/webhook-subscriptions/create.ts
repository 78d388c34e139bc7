import { adminProcedure } from "@/server/trpc/init";
import { createSubscription, createSubscriptionInput } from "@/server/services/webhook-subscriptions/create-subscription";

/** webhookSubscriptions.create({ url, events, description?, active?, secret? }) → { subscription, secret } (the secret this once). */
export const create = adminProcedure
  .input(createSubscriptionInput)
  .mutation(({ ctx, input }) => createSubscription(ctx.actor, input, ctx.db));
