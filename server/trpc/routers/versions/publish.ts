import { adminProcedure } from "@/server/trpc/init";
import { publishVersion } from "@/server/services/versions/publish-version";
import { publishVersionInput } from "./publish.schema";

/** versions.publish({ automationId, note?, draftRevision? }) → { versionId, automationId, number, publishedAt }. */
export const publish = adminProcedure.input(publishVersionInput).mutation(({ ctx, input }) => publishVersion(ctx.actor, input, ctx.db));
