import { adminProcedure } from "@/server/trpc/init";
import { rotateSubscriptionSecret, rotateSubscriptionSecretInput } from "@/server/services/webhook-subscriptions/rotate-subscription-secret";

/** webhookSubscriptions.rotateSecret({ id }) → { subscription, secret }: a new signing secret, shown this once. */
export const rotateSecret = adminProcedure
  .input(rotateSubscriptionSecretInput)
  .mutation(({ ctx, input }) => rotateSubscriptionSecret(ctx.actor, input, ctx.db));
