import { permissionProcedure } from "@/server/trpc/init";
import { decideApproval, decideApprovalInput } from "@/server/services/approvals/decide-approval";

/** approvals.decide({ id, decision?, comment?, values? }) → the request after the decision; only its workspace approvers (admins) decide in-app. */
export const decide = permissionProcedure("approvals:write")
  .input(decideApprovalInput)
  .mutation(({ ctx, input }) => decideApproval(ctx.actor, input, ctx.db, { channel: "in_app", ip: knownIp(ctx.clientIp) }));

/** The request's client address for the decision history; null when it is not known. */
export function knownIp(ip: string | undefined): string | null {
  return ip && ip !== "unknown" ? ip : null;
}
