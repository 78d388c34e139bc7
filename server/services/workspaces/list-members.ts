import { getDb, type Db } from "@/server/db";
import type { Role } from "@/lib/roles";
import type { Actor } from "@/server/services/errors";

export interface WorkspaceMember {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
}

/** Members of the actor's workspace (any member may see who else is in it), by name. */
export async function listMembers(actor: Actor, db: Db = getDb()): Promise<WorkspaceMember[]> {
  const rows = await db.membership.findMany({
    where: { workspaceId: actor.workspaceId },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return rows
    .map((m) => ({ userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role as Role, joinedAt: m.createdAt }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}
