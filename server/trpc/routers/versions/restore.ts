import { adminProcedure } from "@/server/trpc/init";
import { restoreVersion } from "@/server/services/versions/restore-version";
import { restoreVersionInput } from "./restore.schema";

/** versions.restore({ automationId, number, draftRevision? }) → { automationId, restoredFrom, draftRevision }. */
export const restore = adminProcedure.input(restoreVersionInput).mutation(({ ctx, input }) => restoreVersion(ctx.actor, input, ctx.db));
