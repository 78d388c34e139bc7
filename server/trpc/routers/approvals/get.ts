import { memberProcedure } from "@/server/trpc/init";
import { getApproval, getApprovalInput } from "@/server/services/approvals/get-approval";

/** approvals.get({ id }) → the request, its approvers and every decision (who, when, comment, channel, IP). */
export const get = memberProcedure.input(getApprovalInput).query(({ ctx, input }) => getApproval(ctx.actor, input, ctx.db));
