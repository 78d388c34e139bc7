import { memberProcedure } from "@/server/trpc/init";
import { getRun } from "@/server/services/runs/get-run";
import { getRunInput } from "./get.schema";

/** runs.get({ runId }) → RunDetail (normalized: actionResults[], counts, truncated, graph, conditions). */
export const get = memberProcedure.input(getRunInput).query(({ ctx, input }) => getRun(ctx.actor, input.runId, ctx.db));
