import { permissionProcedure } from "@/server/trpc/init";
import { revokeApiKey, revokeApiKeyInput } from "@/server/services/api-keys/revoke-api-key";

/** apiKeys.revoke({ id }) → the revoked key; it stops working at once (admins). Idempotent. */
export const revoke = permissionProcedure("workspace:admin")
  .input(revokeApiKeyInput)
  .mutation(({ ctx, input }) => revokeApiKey(ctx.actor, input, ctx.db));
