import { memberProcedure } from "@/server/trpc/init";
import { listVersions } from "@/server/services/versions/list-versions";
import { listVersionsInput } from "./list.schema";

/** versions.list({ automationId }) → VersionList (newest first, no graphs). */
export const list = memberProcedure.input(listVersionsInput).query(({ ctx, input }) => listVersions(ctx.actor, input, ctx.db));
