import { memberProcedure } from "@/server/trpc/init";
import { getRunHeader } from "@/server/services/runs/get-run";
import { getRunInput } from "./get.schema";

/**
 * runs.get({ runId }) → RunHeader: the run without its step rows (counts, per-node aggregates for the
 * canvas, the failing step's attempts, parent/children, event history). Steps: runs.steps (paged).
 */
export const get = memberProcedure.input(getRunInput).query(({ ctx, input }) => getRunHeader(ctx.actor, input.runId, ctx.db));
