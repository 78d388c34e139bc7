import { adminProcedure } from "@/server/trpc/init";
import { switchDraftConnection, switchDraftConnectionInput } from "@/server/services/connections/switch-draft-connection";

/** connections.switchDraft({ automationId, fromConnectionId, toConnectionId, baseRevision? }) → changed steps; all or nothing. */
export const switchDraft = adminProcedure
  .input(switchDraftConnectionInput)
  .mutation(({ ctx, input }) => switchDraftConnection(ctx.actor, input, ctx.db));
