import type { Db } from "@/server/db";
import { actorCan } from "@/server/auth/actor";
import { notFound, type Actor } from "@/server/services/errors";
import { REQUEST_INCLUDE } from "./present";

/** The viewer as the presenters need it (email matches approvers invited by address). */
export async function viewerOf(actor: Actor, db: Db) {
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { email: true } });
  return { userId: actor.userId, email: user?.email ?? null, canWrite: actorCan(actor, "approvals:write") };
}

/** A request of the actor's workspace (another workspace's id answers 404). */
export async function findRequest(actor: Actor, id: string, db: Db) {
  const row = await db.approvalRequest.findFirst({ where: { id, workspaceId: actor.workspaceId }, include: REQUEST_INCLUDE });
  if (!row) throw notFound("Approval request");
  return row;
}

export async function automationNames(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  const rows = await db.automation.findMany({ where: { workspaceId, id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}
