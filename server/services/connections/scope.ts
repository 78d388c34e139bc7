import type { DbOrTx } from "@/server/db";
import { actorCan } from "@/server/auth/actor";
import { AppError, type Actor } from "@/server/services/errors";
import { userNames } from "@/server/services/automations/scope";
import { mentionedUsers, presentConnection, type ConnectionInfo, type ConnectionRecord } from "./present";
import { traceUsage } from "./usage";

export const CONNECTION_SELECT = {
  id: true,
  name: true,
  type: true,
  description: true,
  values: true,
  secrets: true,
  createdAt: true,
  updatedAt: true,
  createdById: true,
  updatedById: true,
  lastTestedAt: true,
  lastTestOk: true,
  lastTestMessage: true,
} as const;

/** The connection row, loaded only inside the actor's workspace (another workspace's id answers like an unknown one). */
export async function findConnectionInWorkspace(db: DbOrTx, actor: Actor, id: string): Promise<ConnectionRecord> {
  const row = await db.connection.findFirst({ where: { id, workspaceId: actor.workspaceId }, select: CONNECTION_SELECT });
  if (!row) throw new AppError("NOT_FOUND", "Connection not found", { id });
  return row;
}

/** Name taken in the workspace → CONFLICT naming it. */
export async function assertNameFree(db: DbOrTx, workspaceId: string, name: string, exceptId?: string): Promise<void> {
  const other = await db.connection.findFirst({ where: { workspaceId, name, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } });
  if (other) throw nameTaken(name);
}

/** Presents rows for the actor: admins get details and usage counts, specialists name and type only. */
export async function presentFor(db: DbOrTx, actor: Actor, rows: readonly ConnectionRecord[]): Promise<ConnectionInfo[]> {
  const full = actorCan(actor, "connections:write");
  if (!full) return rows.map((r) => presentConnection(r, { full, names: new Map(), usageCount: 0 }));
  const [names, usage] = await Promise.all([userNames(db, mentionedUsers(rows)), traceUsage(db, actor.workspaceId, rows)]);
  return rows.map((r) => presentConnection(r, { full, names, usageCount: usage.get(r.id)?.length ?? 0 }));
}

/** Prisma's unique-constraint violation (a concurrent create or rename took the name). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

export function nameTaken(name: string): AppError {
  return new AppError("CONFLICT", `A connection named "${name}" already exists in this workspace; choose another name`, { field: "name" });
}
