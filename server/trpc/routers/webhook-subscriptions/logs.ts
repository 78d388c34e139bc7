import { memberProcedure } from "@/server/trpc/init";
import { listDeliveryLogs, listDeliveryLogsInput } from "@/server/services/webhook-subscriptions/list-delivery-logs";

/** webhookSubscriptions.logs({ id, eventId?, limit? }) → delivery attempts, newest first. */
export const logs = memberProcedure
  .input(listDeliveryLogsInput)
  .query(({ ctx, input }) => listDeliveryLogs(ctx.actor, input, ctx.db));
