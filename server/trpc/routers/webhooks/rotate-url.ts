import { adminProcedure } from "@/server/trpc/init";
import { rotateWebhookUrl, rotateWebhookUrlInput } from "@/server/services/webhooks/rotate-webhook-url";

/** webhooks.rotateUrl({ automationId, rotate? }) → endpoint with a new URL (or created when missing). */
export const rotateUrl = adminProcedure
  .input(rotateWebhookUrlInput)
  .mutation(({ ctx, input }) => rotateWebhookUrl(ctx.actor, input, ctx.db));
