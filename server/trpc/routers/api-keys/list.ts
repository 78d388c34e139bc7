import { permissionProcedure } from "@/server/trpc/init";
import { listApiKeys } from "@/server/services/api-keys/list-api-keys";

/** apiKeys.list() → the workspace's keys, newest first, revoked ones marked (admins); never a key or its hash. */
export const list = permissionProcedure("workspace:admin").query(({ ctx }) => listApiKeys(ctx.actor, ctx.db));
