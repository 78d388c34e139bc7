import { permissionProcedure } from "@/server/trpc/init";
import { decideApproval, decideApprovalInput } from "@/server/services/approvals/decide-approval";
import { knownIp } from "@/server/security/client-ip";

/** approvals.decide({ id, decision?, comment?, values? }) → the request after the decision; only its workspace approvers (admins) decide in-app. */
export const decide = permissionProcedure("approvals:write")
  .input(decideApprovalInput)
  .mutation(({ ctx, input }) => decideApproval(ctx.actor, input, ctx.db, { channel: "in_app", ip: knownIp(ctx.clientIp) }));
