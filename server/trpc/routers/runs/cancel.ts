import { adminProcedure } from "@/server/trpc/init";
import { cancelRun } from "@/server/services/runs/cancel-run";
import { cancelRunInput } from "./cancel.schema";

/** runs.cancel({ runId }) → { runId, status: "CANCELLED" | "RUNNING", cancelRequested }; finished runs → CONFLICT. */
export const cancel = adminProcedure.input(cancelRunInput).mutation(({ ctx, input }) => cancelRun(ctx.actor, input.runId, ctx.db));
