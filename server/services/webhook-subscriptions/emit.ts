import { Prisma } from "@/server/db/generated/sqlite/client";
import type { DbOrTx } from "@/server/db";
import { PLATFORM_EVENTS, type PlatformEventData, type PlatformEventType } from "@/lib/platform-events/catalog";
import { newEventId, subscribedSql, typePattern } from "@/server/engine/platform-events";

/**
 * Writes a platform event into the outbox inside the caller's transaction (the
 * one that makes the change it describes): ONE statement that inserts the row
 * only when the workspace has an active subscription for the type, so nothing
 * is written (and nothing can be lost) without one. The data is checked
 * against the catalog's schema.
 */
const INSERT_SQL = `INSERT INTO "PlatformEvent" ("id", "workspaceId", "type", "runId", "automationId", "data", "occurredAt")
  SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), ?
  WHERE ${subscribedSql("CAST(? AS TEXT)")}`;

export async function emitPlatformEvent<T extends PlatformEventType>(
  tx: DbOrTx,
  e: { workspaceId: string; type: T; data: PlatformEventData<T>; runId?: string | null; automationId?: string | null; at?: Date },
): Promise<boolean> {
  const data = PLATFORM_EVENTS[e.type].data.parse(e.data);
  const at = e.at ?? new Date();
  const params = [newEventId(at), e.workspaceId, e.type, e.runId ?? null, e.automationId ?? null, JSON.stringify(data), at, e.workspaceId, typePattern(e.type)];
  return (await tx.$executeRaw(new Prisma.Sql(INSERT_SQL.split("?"), params))) === 1;
}
