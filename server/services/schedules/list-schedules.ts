import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { presentSchedule, targetAutomations, type ScheduleSummary } from "./present";
import { encodeNullableCursor, takePage } from "@/lib/paging";
import { decodeNullableCursor } from "@/server/services/paging";

export const listSchedulesInput = z
  .object({ kind: z.enum(["all", "automation", "standalone"], { error: () => 'kind must be "all", "automation" or "standalone"' }).default("all") })
  .default({ kind: "all" });
export type ListSchedulesInput = z.input<typeof listSchedulesInput>;

/** Every schedule of the workspace (automation triggers and standalone event schedules), soonest next fire first. */
export async function listSchedules(actor: Actor, input: ListSchedulesInput = {}, db: Db = getDb(), now = new Date()): Promise<ScheduleSummary[]> {
  assertCan(actor, "schedules:read");
  const { kind } = parseInput(listSchedulesInput, input);
  const rows = await db.schedule.findMany({
    where: {
      workspaceId: actor.workspaceId,
      ...(kind === "automation" ? { automationId: { not: null } } : kind === "standalone" ? { automationId: null } : {}),
      // an automation's schedule row stays when it switches to another trigger: list it only while it is the trigger
      OR: [{ automationId: null }, { automation: { trigger: { type: "schedule" }, status: { not: "ARCHIVED" } } }],
    },
    orderBy: [{ createdAt: "desc" }],
    take: 500,
  });
  const automations = await targetAutomations(db, actor.workspaceId, rows);
  const list = rows.map((r) => presentSchedule(r, automations.get(r.automationId ?? r.targetAutomationId ?? ""), now));
  return list.sort((a, b) => (a.nextFireAt ?? "~").localeCompare(b.nextFireAt ?? "~"));
}

/**
 * One page of listSchedules in the same order (soonest next fire first, never
 * firing last; ties by id), paged in the database: keyset after the cursor's
 * (nextFireAt, id), limit + 1 rows.
 */
export async function listSchedulesPage(
  actor: Actor,
  input: ListSchedulesInput & { limit: number; cursor?: string },
  db: Db = getDb(),
  now = new Date(),
): Promise<{ items: ScheduleSummary[]; nextCursor: string | null }> {
  assertCan(actor, "schedules:read");
  const { kind } = parseInput(listSchedulesInput, { kind: input.kind });
  const after = input.cursor ? decodeNullableCursor(input.cursor, "cursor", "next_cursor") : null;
  const keyset = !after
    ? {}
    : after.at === null
      ? { nextFireAt: null, id: { gt: after.id } }
      : { AND: [{ OR: [{ nextFireAt: { gt: after.at } }, { nextFireAt: after.at, id: { gt: after.id } }, { nextFireAt: null }] }] };
  const rows = await db.schedule.findMany({
    where: {
      workspaceId: actor.workspaceId,
      ...(kind === "automation" ? { automationId: { not: null } } : kind === "standalone" ? { automationId: null } : {}),
      OR: [{ automationId: null }, { automation: { trigger: { type: "schedule" }, status: { not: "ARCHIVED" } } }],
      ...keyset,
    },
    orderBy: [{ nextFireAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
    take: input.limit + 1,
  });
  const page = takePage(rows, input.limit, (r) => encodeNullableCursor({ at: r.nextFireAt, id: r.id }));
  const automations = await targetAutomations(db, actor.workspaceId, page.items);
  return { items: page.items.map((r) => presentSchedule(r, automations.get(r.automationId ?? r.targetAutomationId ?? ""), now)), nextCursor: page.nextCursor };
}
