import { getDb, type Db } from "@/server/db";
import type { Role } from "@/lib/roles";

export interface WorkspaceMembershipSummary {
  id: string;
  name: string;
  slug: string;
  role: Role;
}

/** The workspaces a user belongs to, with their role, by name. */
export async function listWorkspacesForUser(userId: string, db: Db = getDb()): Promise<WorkspaceMembershipSummary[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    select: { role: true, workspace: { select: { id: true, name: true, slug: true } } },
  });
  return rows
    .map((m) => ({ ...m.workspace, role: m.role as Role }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug));
}
