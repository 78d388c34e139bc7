import type { Session } from "next-auth";
import type { DbOrTx } from "@/server/db";
import type { Role } from "@/lib/roles";
import { isRole } from "./memberships";

/** A signed-in member as the database knows them right now (the JWT only says who they were at sign-in). */
export interface SessionUser {
  userId: string;
  email: string;
  name: string;
  workspaceId: string;
  role: Role;
}

/** What we need from a next-auth session (or a decoded JWT). */
export interface SessionClaims {
  userId?: string | null;
  workspaceId?: string | null;
}

export function claimsOf(session: Session | null | undefined): SessionClaims | null {
  const user = session?.user as { id?: unknown; workspaceId?: unknown } | undefined;
  if (!user || typeof user.id !== "string" || typeof user.workspaceId !== "string") return null;
  return { userId: user.id, workspaceId: user.workspaceId };
}

/**
 * Re-checks a session against the database: the membership must still exist
 * (removed member → null) and the role comes from the DB, not from the JWT.
 */
export async function resolveSessionUser(db: DbOrTx, claims: SessionClaims | null): Promise<SessionUser | null> {
  if (!claims?.userId || !claims.workspaceId) return null;
  const membership = await db.membership.findUnique({
    where: { userId_workspaceId: { userId: claims.userId, workspaceId: claims.workspaceId } },
    select: { role: true, workspaceId: true, user: { select: { id: true, email: true, name: true } } },
  });
  if (!membership || !isRole(membership.role)) return null;
  return {
    userId: membership.user.id,
    email: membership.user.email,
    name: membership.user.name,
    workspaceId: membership.workspaceId,
    role: membership.role,
  };
}
