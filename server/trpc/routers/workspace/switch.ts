import { memberProcedure } from "@/server/trpc/init";
import { findMembership } from "@/server/auth/memberships";
import { AppError } from "@/server/services/errors";
import { switchWorkspaceInput } from "./switch.schema";

/**
 * Validates that the user may switch to a workspace. Changes no data (it is a
 * self-service mutation, see server/trpc/self-service.ts): the client then calls
 * next-auth's `update({ workspaceId })`, whose jwt callback re-checks the
 * membership and rewrites the session cookie.
 */
export const switchWorkspace = memberProcedure.input(switchWorkspaceInput).mutation(async ({ ctx, input }) => {
  const membership = await findMembership(ctx.db, ctx.session.userId, input.workspaceId);
  const workspace = membership
    ? await ctx.db.workspace.findUnique({ where: { id: membership.workspaceId }, select: { id: true, name: true, slug: true } })
    : null;
  if (!membership || !workspace) {
    throw new AppError("NOT_FOUND", "Workspace not found, or you are not a member of it", { field: "workspaceId" });
  }
  return { workspaceId: workspace.id, name: workspace.name, slug: workspace.slug, role: membership.role };
});
