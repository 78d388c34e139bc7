import { memberProcedure } from "@/server/trpc/init";
import { listApprovals, listApprovalsInput } from "@/server/services/approvals/list-approvals";

/** approvals.list({ status: pending | decided | all, kind?, runId?, cursor?, limit? }) → { items, nextCursor }; every member reads. */
export const list = memberProcedure.input(listApprovalsInput).query(({ ctx, input }) => listApprovals(ctx.actor, input, ctx.db));
