import { z } from "zod";
import { getDb, type DbOrTx } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import { decodeCursor, encodeCursor } from "@/server/services/runs/cursor";
import { EVENT_SELECT, runsOfEvents, toEventItem, type EventItem, type EventRunItem } from "./present";

export const RUNS_PER_LISTED_EVENT = 10;

export const listEventsInput = z.object({
  type: z.string({ error: "type: must be text" }).trim().min(1, "type: must not be empty").max(100, "type: at most 100 characters").optional(),
  cursor: z.string().max(500, "cursor: pass the nextCursor value of the previous page unchanged").optional(),
  limit: z.number({ error: "limit: must be a number" }).int("limit: must be a whole number").min(1, "limit: at least 1").max(100, "limit: at most 100").default(25),
});
export type ListEventsInput = z.input<typeof listEventsInput>;

export interface EventListItem extends EventItem {
  /** the first runs it started (at most RUNS_PER_LISTED_EVENT; runCount has the total) */
  runs: EventRunItem[];
}

export interface EventListPage {
  items: EventListItem[];
  nextCursor: string | null;
}

/** Events of the workspace, newest first, with the runs each started. */
export async function listEvents(actor: Actor, input: ListEventsInput, db: DbOrTx = getDb()): Promise<EventListPage> {
  assertCan(actor, "automations:read");
  const { type, cursor, limit } = parseInput(listEventsInput, input);
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await db.event.findMany({
    where: {
      workspaceId: actor.workspaceId,
      ...(type ? { type } : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: EVENT_SELECT,
  });
  const page = rows.slice(0, limit);
  const runs = await runsOfEvents(db, actor.workspaceId, page.filter((r) => r.runCount > 0).map((r) => r.id), RUNS_PER_LISTED_EVENT);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ ...toEventItem(r), runs: runs.get(r.id) ?? [] })),
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
  };
}
