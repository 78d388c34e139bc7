import { memberProcedure } from "@/server/trpc/init";
import { listMemberships } from "@/server/auth/memberships";
import { AppError } from "@/server/services/errors";

/** The signed-in user, the current workspace and role, and every workspace they can switch to. */
export const me = memberProcedure.query(async ({ ctx }) => {
  const [workspace, memberships] = await Promise.all([
    ctx.db.workspace.findUnique({ where: { id: ctx.session.workspaceId }, select: { id: true, name: true, slug: true, timezone: true } }),
    listMemberships(ctx.db, ctx.session.userId),
  ]);
  if (!workspace) throw new AppError("NOT_FOUND", "Workspace not found");
  return {
    user: { id: ctx.session.userId, email: ctx.session.email, name: ctx.session.name },
    workspace,
    role: ctx.session.role,
    memberships,
  };
});
