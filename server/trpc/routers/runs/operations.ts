import { memberProcedure } from "@/server/trpc/init";
import { getRunOperationsInfo, runOperationsInfoInput } from "@/server/services/runs/run-operations-info";

/** runs.operations({ runId }) → what the run page's operation buttons need (lib/runs/operations' subject, failed step, re-run links). */
export const operations = memberProcedure.input(runOperationsInfoInput).query(({ ctx, input }) => getRunOperationsInfo(ctx.actor, input, ctx.db));
