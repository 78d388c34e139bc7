import { adminProcedure } from "@/server/trpc/init";
import { rerunRun, rerunRunInput } from "@/server/services/runs/rerun-run";

/** runs.rerun({ runId, version: "published" | "ran" }) → { runId, newRunId, status, versionNumber, isTest }: a new run with the same trigger data. */
export const rerun = adminProcedure.input(rerunRunInput).mutation(({ ctx, input }) => rerunRun(ctx.actor, input, ctx.db));
