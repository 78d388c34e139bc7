import { z } from "zod";
import { getDb, type DbOrTx } from "@/server/db";
import { AUTOMATION_STATUSES } from "@/lib/statuses";
import type { Actor } from "@/server/services/errors";
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

/** Automations of the actor's workspace, most recently updated first. */
export async function listAutomations(
  actor: Actor,
  input: ListAutomationsInput = {},
  db: DbOrTx = getDb(),
): Promise<AutomationSummary[]> {
  assertCan(actor, "automations:read");
  const filters = parseInput(listAutomationsInput, input);
  const statuses = filters.status === undefined ? undefined : Array.isArray(filters.status) ? filters.status : [filters.status];
  const rows = await db.automation.findMany({
    where: {
      workspaceId: actor.workspaceId,
      status: statuses ? { in: statuses } : { not: "ARCHIVED" },
      ...(filters.triggerType ? { triggerType: filters.triggerType } : {}),
    },
    select: AUTOMATION_SUMMARY_SELECT,
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
  });
  // Case-insensitive search done here: SQLite LIKE and PostgreSQL LIKE differ in case handling.
  const needle = filters.search?.toLocaleLowerCase();
  const matching = needle ? rows.filter((r) => r.name.toLocaleLowerCase().includes(needle)) : rows;
  const names = await userNames(db, matching.map((r) => r.updatedById));
  return matching.map((r) => toAutomationSummary(r, names));
}
