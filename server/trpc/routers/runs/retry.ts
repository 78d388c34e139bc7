import { adminProcedure } from "@/server/trpc/init";
import { retryRun, retryRunInput } from "@/server/services/runs/retry-run";

/** runs.retry({ runId }) → { runId, status: "QUEUED", steps }: the failed run continues from its failed step (attempt n+1); not failed → CONFLICT. */
export const retry = adminProcedure.input(retryRunInput).mutation(({ ctx, input }) => retryRun(ctx.actor, input, ctx.db));
