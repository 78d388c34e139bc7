import { memberProcedure } from "@/server/trpc/init";
import { listSubscriptions, listSubscriptionsInput } from "@/server/services/webhook-subscriptions/list-subscriptions";

/** webhookSubscriptions.list({ active? }) → subscriptions, newest first; never a secret. */
export const list = memberProcedure
  .input(listSubscriptionsInput)
  .query(({ ctx, input }) => listSubscriptions(ctx.actor, input, ctx.db));
