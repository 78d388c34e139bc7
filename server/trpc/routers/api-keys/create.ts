import { permissionProcedure } from "@/server/trpc/init";
import { createApiKey, createApiKeyInput } from "@/server/services/api-keys/create-api-key";

/** apiKeys.create({ name, scopes, expiresAt? }) → { key, apiKey }: the whole key is returned this once (admins). */
export const create = permissionProcedure("workspace:admin")
  .input(createApiKeyInput)
  .mutation(({ ctx, input }) => createApiKey(ctx.actor, input, ctx.db));
