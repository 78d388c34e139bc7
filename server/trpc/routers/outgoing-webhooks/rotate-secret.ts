import { adminProcedure } from "@/server/trpc/init";
import { rotateOutgoingSecret, rotateOutgoingSecretInput } from "@/server/services/outgoing-webhooks/rotate-outgoing-secret";

/** outgoingWebhooks.rotateSecret({ id }) → { webhook, secret }: a new signing secret, shown this once. */
export const rotateSecret = adminProcedure
  .input(rotateOutgoingSecretInput)
  .mutation(({ ctx, input }) => rotateOutgoingSecret(ctx.actor, input, ctx.db));
