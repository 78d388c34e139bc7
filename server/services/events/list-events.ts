import { z } from "zod";
import { getDb, type DbOrTx } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import { pagingInput } from "@/lib/paging";
import { afterCreatedDesc, decodeCursor, encodeCursor, takePage } from "@/server/services/paging";
import { EVENT_SELECT, runsOfEvents, toEventItem, type EventItem, type EventRunItem } from "./present";

export const RUNS_PER_LISTED_EVENT = 10;

export const listEventsInput = z.object({
  type: z.string({ error: "type: must be text" }).trim().min(1, "type: must not be empty").max(100, "type: at most 100 characters").optional(),
  ...pagingInput(),
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
      ...afterCreatedDesc(after),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: EVENT_SELECT,
  });
  const { items: page, nextCursor } = takePage(rows, limit, (r) => encodeCursor({ at: r.createdAt, id: r.id }));
  const runs = await runsOfEvents(db, actor.workspaceId, page.filter((r) => r.runCount > 0).map((r) => r.id), RUNS_PER_LISTED_EVENT);
  return { items: page.map((r) => ({ ...toEventItem(r), runs: runs.get(r.id) ?? [] })), nextCursor };
}
