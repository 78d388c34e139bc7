import { z } from "zod";
import { getDb, type DbOrTx } from "@/server/db";
import { notFound, type Actor } from "@/server/services/errors";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import { EVENT_SELECT, runsOfEvents, toEventItem, type EventDetail } from "./present";

export const MAX_RUNS_PER_EVENT_DETAIL = 1000;

export const getEventInput = z.object({
  id: z.string({ error: "id is required" }).trim().min(1, "id is required").max(64, "id: at most 64 characters"),
});

/** One event of the workspace with its data and every run it started (up to 1,000). */
export async function getEvent(actor: Actor, input: z.input<typeof getEventInput>, db: DbOrTx = getDb()): Promise<EventDetail> {
  assertCan(actor, "automations:read");
  const { id } = parseInput(getEventInput, input);
  const row = await db.event.findFirst({ where: { id, workspaceId: actor.workspaceId }, select: { ...EVENT_SELECT, data: true } });
  if (!row) throw notFound("Event");
  const runs = (await runsOfEvents(db, actor.workspaceId, [row.id], MAX_RUNS_PER_EVENT_DETAIL)).get(row.id) ?? [];
  return { ...toEventItem(row), data: JSON.parse(row.data) as unknown, runs };
}
