import type { DbOrTx } from "@/server/db";
import type { Permission } from "@/server/auth/permissions";
import { actorCan, forbiddenMessage } from "@/server/auth/actor";
import { AppError, type Actor } from "@/server/services/errors";

/** The automation row, loaded only inside the actor's workspace. */
export async function findAutomationInWorkspace(db: DbOrTx, actor: Actor, id: string) {
  const row = await db.automation.findFirst({ where: { id, workspaceId: actor.workspaceId } });
  // An id from another workspace answers exactly like an unknown id.
  if (!row) throw new AppError("NOT_FOUND", "Automation not found", { id });
  return row;
}

/** Defense in depth: procedures already check roles, services check again. */
export function assertCan(actor: Actor, permission: Permission): void {
  if (!actorCan(actor, permission)) {
    throw new AppError("FORBIDDEN", forbiddenMessage(actor, permission), { permission });
  }
}

export function assertNotArchived(row: { status: string }): void {
  if (row.status === "ARCHIVED") {
    throw new AppError("CONFLICT", "This automation is archived; archived automations cannot be changed", {
      status: row.status,
    });
  }
}

/** Names of users by id (for "updated by"); unknown ids are left out. */
export async function userNames(db: DbOrTx, ids: Array<string | null | undefined>): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => typeof id === "string" && id.length > 0))];
  if (unique.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}
