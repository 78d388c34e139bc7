import { z } from "zod";
import { getDb, type DbOrTx } from "@/server/db";
import { AUTOMATION_STATUSES } from "@/lib/statuses";
import type { Actor } from "@/server/services/errors";
import { encodeCursor, takePage } from "@/lib/paging";
import { decodeCursor } from "@/server/services/paging";
import { parseInput } from "./input";
import { assertCan, userNames } from "./scope";
import { AUTOMATION_SUMMARY_SELECT, toAutomationSummary, type AutomationSummary } from "./present";

const statusField = z.enum(AUTOMATION_STATUSES, {
  error: () => `status must be one of: ${AUTOMATION_STATUSES.join(", ")}`,
});

export const listAutomationsInput = z
  .object({
    /** One status or several. Without it, every status except ARCHIVED. */
    status: z
      .union([statusField, z.array(statusField).min(1, "status: give at least one status")], {
        error: () => `status must be one of: ${AUTOMATION_STATUSES.join(", ")} (one value or a list)`,
      })
      .optional(),
    /** Case-insensitive match on the name. */
    search: z.string().trim().max(120, "search: at most 120 characters").optional(),
    /** Trigger node type, e.g. "manual", "webhook", "schedule". */
    triggerType: z.string().trim().min(1, "triggerType must not be empty").max(64).optional(),
  })
  .default({});
export type ListAutomationsInput = z.input<typeof listAutomationsInput>;

type Filters = z.output<typeof listAutomationsInput>;

function whereOf(actor: Actor, filters: Filters) {
  const statuses = filters.status === undefined ? undefined : Array.isArray(filters.status) ? filters.status : [filters.status];
  return {
    workspaceId: actor.workspaceId,
    status: statuses ? { in: statuses } : { not: "ARCHIVED" },
    ...(filters.triggerType ? { triggerType: filters.triggerType } : {}),
  };
}

/** Case-insensitive name search, done here: SQLite LIKE and PostgreSQL LIKE differ in case handling. */
function nameMatcher(search: string | undefined): (r: { name: string }) => boolean {
  const needle = search?.toLocaleLowerCase();
  return needle ? (r) => r.name.toLocaleLowerCase().includes(needle) : () => true;
}

/** Automations of the actor's workspace, most recently updated first. */
export async function listAutomations(
  actor: Actor,
  input: ListAutomationsInput = {},
  db: DbOrTx = getDb(),
): Promise<AutomationSummary[]> {
  assertCan(actor, "automations:read");
  const filters = parseInput(listAutomationsInput, input);
  const rows = await db.automation.findMany({
    where: whereOf(actor, filters),
    select: AUTOMATION_SUMMARY_SELECT,
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
  });
  const matching = rows.filter(nameMatcher(filters.search));
  const names = await userNames(db, matching.map((r) => r.updatedById));
  return matching.map((r) => toAutomationSummary(r, names));
}

/** Rows read per query while a name search fills a page. */
const SEARCH_BATCH = 200;

/**
 * One page of listAutomations (same order: updatedAt desc, id asc), paged in the
 * database: keyset after the cursor's (updatedAt, id), limit + 1 rows. With a
 * search, batches are read until the page is full or the list ends.
 */
export async function listAutomationsPage(
  actor: Actor,
  input: ListAutomationsInput & { limit: number; cursor?: string },
  db: DbOrTx = getDb(),
): Promise<{ items: AutomationSummary[]; nextCursor: string | null }> {
  assertCan(actor, "automations:read");
  const filters = parseInput(listAutomationsInput, input);
  const { limit } = input;
  const where = whereOf(actor, filters);
  const matches = nameMatcher(filters.search);
  let after = input.cursor ? decodeCursor(input.cursor, "cursor", "next_cursor") : null;
  const found: Array<Awaited<ReturnType<typeof readBatch>>[number]> = [];
  function readBatch(take: number, from: typeof after) {
    return db.automation.findMany({
      where: { ...where, ...(from ? { OR: [{ updatedAt: { lt: from.at } }, { updatedAt: from.at, id: { gt: from.id } }] } : {}) },
      select: AUTOMATION_SUMMARY_SELECT,
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      take,
    });
  }
  for (;;) {
    const take = filters.search ? Math.max(SEARCH_BATCH, limit + 1) : limit + 1;
    const batch = await readBatch(take, after);
    for (const r of batch) if (matches(r)) found.push(r);
    const last = batch[batch.length - 1];
    if (found.length > limit || batch.length < take || !last) break;
    after = { at: last.updatedAt, id: last.id };
  }
  const page = takePage(found, limit, (r) => encodeCursor({ at: r.updatedAt, id: r.id }));
  const names = await userNames(db, page.items.map((r) => r.updatedById));
  return { items: page.items.map((r) => toAutomationSummary(r, names)), nextCursor: page.nextCursor };
}
