import { adminProcedure } from "@/server/trpc/init";
import { rerunMany as rerunManyRuns, rerunManyInput } from "@/server/services/runs/rerun-many";

/** runs.rerunMany({ runIds (1–25), version }) → { results: [{ runId, newRunId?, error? }] } in input order; the UI sends bulk actions in chunks. */
export const rerunMany = adminProcedure.input(rerunManyInput).mutation(({ ctx, input }) => rerunManyRuns(ctx.actor, input, ctx.db));
