import { adminProcedure } from "@/server/trpc/init";
import { sendTestEvent, sendTestEventInput } from "@/server/services/outgoing-webhooks/send-test-event";

/** outgoingWebhooks.sendTest({ id }) → { ok, statusCode, durationMs, messageId, responseExcerpt, error }: a signed webhook.test sent now. */
export const sendTest = adminProcedure
  .input(sendTestEventInput)
  .mutation(({ ctx, input }) => sendTestEvent(ctx.actor, input, ctx.db));
