import { adminProcedure } from "@/server/trpc/init";
import { redeliver as redeliverEvent, redeliverInput } from "@/server/services/webhook-subscriptions/redeliver";

/** webhookSubscriptions.redeliver({ id, eventId }) → { deliveryId, nextAttemptAt }: sent again with the same webhook-id. */
export const redeliver = adminProcedure
  .input(redeliverInput)
  .mutation(({ ctx, input }) => redeliverEvent(ctx.actor, input, ctx.db));
