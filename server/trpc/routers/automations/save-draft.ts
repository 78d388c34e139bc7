import { adminProcedure } from "@/server/trpc/init";
import { saveDraft, saveDraftInput } from "@/server/services/automations/save-draft";

/** Optimistic concurrency: CONFLICT (details.currentRevision, updatedBy, updatedAt) when baseRevision is stale. */
export const saveDraftProcedure = adminProcedure
  .input(saveDraftInput)
  .mutation(({ ctx, input }) => saveDraft(ctx.actor, input, ctx.db));
