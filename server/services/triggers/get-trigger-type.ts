import { z } from "zod";
import { deprecatedEventTypeMessage } from "@/lib/triggers/names";
import { getDb, type DbOrTx } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import { listCustomEventTypes } from "@/server/services/event-types/list-custom-event-types";
import { catalogEntries, type TriggerTypeEntry } from "./catalog";

export const getTriggerTypeInput = z.object({
  type: z.string({ error: "type is required" }).trim().min(1, "type is required").max(100, "type: at most 100 characters"),
});

/** One trigger type by name ("webhook", "deal_updated", a custom type…); form_submitted answers with the type to use instead. */
export async function getTriggerType(actor: Actor, input: z.input<typeof getTriggerTypeInput> | string, db: DbOrTx = getDb()): Promise<TriggerTypeEntry> {
  assertCan(actor, "automations:read");
  const { type } = parseInput(getTriggerTypeInput, typeof input === "string" ? { type: input } : input);
  const deprecated = deprecatedEventTypeMessage(type);
  if (deprecated) throw new AppError("BAD_REQUEST", `type: ${deprecated}`, { issues: [{ field: "type", message: deprecated }] });
  const entry = catalogEntries(await listCustomEventTypes(actor, db)).find((e) => e.type === type);
  if (!entry) throw new AppError("NOT_FOUND", `Trigger type "${type}" not found; list the catalog to see every type`, { type });
  return entry;
}
