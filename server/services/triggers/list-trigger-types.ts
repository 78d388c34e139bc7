import { getDb, type DbOrTx } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { assertCan } from "@/server/services/automations/scope";
import { listCustomEventTypes } from "@/server/services/event-types/list-custom-event-types";
import { catalogEntries, type TriggerTypeEntry } from "./catalog";

/** Every trigger type of the workspace: trigger node types, built-in event types, custom event types. */
export async function listTriggerTypes(actor: Actor, db: DbOrTx = getDb()): Promise<TriggerTypeEntry[]> {
  assertCan(actor, "automations:read");
  return catalogEntries(await listCustomEventTypes(actor, db));
}
