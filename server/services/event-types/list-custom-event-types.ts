import { getDb, type DbOrTx } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { assertCan } from "@/server/services/automations/scope";
import { toCustomEventType, type CustomEventTypeItem } from "./fields";

/** The workspace's custom event types, by name. */
export async function listCustomEventTypes(actor: Actor, db: DbOrTx = getDb()): Promise<CustomEventTypeItem[]> {
  assertCan(actor, "automations:read");
  const rows = await db.customEventType.findMany({ where: { workspaceId: actor.workspaceId }, orderBy: { name: "asc" } });
  return rows.map(toCustomEventType);
}
