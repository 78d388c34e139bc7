import { memberProcedure } from "@/server/trpc/init";
import { getVersion } from "@/server/services/versions/get-version";
import { getVersionInput } from "./get.schema";

/** versions.get({ automationId, number }) → VersionDetail (graph parsed). */
export const get = memberProcedure.input(getVersionInput).query(({ ctx, input }) => getVersion(ctx.actor, input, ctx.db));
