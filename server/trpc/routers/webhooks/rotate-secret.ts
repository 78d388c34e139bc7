import { adminProcedure } from "@/server/trpc/init";
import { rotateWebhookSecret, rotateWebhookSecretInput } from "@/server/services/webhooks/rotate-webhook-secret";

/** webhooks.rotateSecret({ automationId, kind }) → { endpoint, secret }: the secret is returned this once. */
export const rotateSecret = adminProcedure
  .input(rotateWebhookSecretInput)
  .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.actor, input, ctx.db));
