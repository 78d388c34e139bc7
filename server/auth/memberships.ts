import type { DbOrTx } from "@/server/db";
import { ROLES, type Role } from "@/lib/roles";

export interface MembershipRef {
  workspaceId: string;
  role: Role;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The workspace a user lands in after sign-in: their oldest membership. */
export async function defaultMembership(db: DbOrTx, userId: string): Promise<MembershipRef | null> {
  const rows = await db.membership.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { workspaceId: true, role: true },
  });
  const first = rows.find((m) => isRole(m.role));
  return first ? { workspaceId: first.workspaceId, role: first.role as Role } : null;
}

/** The user's membership in one workspace, or null if they are not (or no longer) a member. */
export async function findMembership(db: DbOrTx, userId: string, workspaceId: string): Promise<MembershipRef | null> {
  const row = await db.membership.findUnique({
    where: { userId_workspaceId: { userId, workspaceId } },
    select: { workspaceId: true, role: true },
  });
  return row && isRole(row.role) ? { workspaceId: row.workspaceId, role: row.role } : null;
}

export interface MembershipListItem {
  workspaceId: string;
  name: string;
  slug: string;
  role: Role;
  joinedAt: Date;
}

/** Every workspace the user belongs to, oldest membership first (the default one comes first). */
export async function listMemberships(db: DbOrTx, userId: string): Promise<MembershipListItem[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { role: true, createdAt: true, workspace: { select: { id: true, name: true, slug: true } } },
  });
  return rows
    .filter((m) => isRole(m.role))
    .map((m) => ({
      workspaceId: m.workspace.id,
      name: m.workspace.name,
      slug: m.workspace.slug,
      role: m.role as Role,
      joinedAt: m.createdAt,
    }));
}
