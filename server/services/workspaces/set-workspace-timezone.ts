import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { writeAudit } from "@/server/services/audit/write-audit";
import { timezoneError } from "@/lib/schedules/cron";
import { syncTriggers } from "@/server/triggers/sync";

export const setWorkspaceTimezoneInput = z.object({
  timezone: z
    .string({ error: 'timezone is required: an IANA time zone such as "Europe/Berlin"' })
    .trim()
    .min(1, 'timezone is required: an IANA time zone such as "Europe/Berlin"')
    .max(100, "timezone: at most 100 characters")
    .superRefine((tz, ctx) => {
      const error = timezoneError(tz);
      if (error) ctx.addIssue({ code: "custom", message: error.replace(/^timezone /, "") });
    }),
});
export type SetWorkspaceTimezoneInput = z.input<typeof setWorkspaceTimezoneInput>;

/**
 * Sets the workspace's time zone: what new schedules get, and what a schedule
 * trigger with an empty zone ("workspace default") fires in. Those triggers are
 * re-synced in the same transaction so their next fire time follows at once;
 * schedules with an explicit zone (and event schedules, which always store one)
 * keep theirs.
 */
export async function setWorkspaceTimezone(actor: Actor, input: SetWorkspaceTimezoneInput, db: Db = getDb()): Promise<{ timezone: string; resynced: number }> {
  assertCan(actor, "workspace:admin");
  const { timezone } = parseInput(setWorkspaceTimezoneInput, input);
  return db.$transaction(async (tx) => {
    const current = await tx.workspace.findUnique({ where: { id: actor.workspaceId }, select: { timezone: true } });
    if (!current) throw new AppError("NOT_FOUND", "Workspace not found");
    if (current.timezone === timezone) return { timezone, resynced: 0 };
    await tx.workspace.update({ where: { id: actor.workspaceId }, data: { timezone } });
    const triggers = await tx.automationTrigger.findMany({ where: { workspaceId: actor.workspaceId, type: "schedule" }, select: { automationId: true } });
    for (const t of triggers) await syncTriggers(tx, t.automationId);
    await writeAudit(tx, actor, { action: "workspace.timezone_changed", targetType: "workspace", targetId: actor.workspaceId, details: { from: current.timezone, to: timezone } });
    return { timezone, resynced: triggers.length };
  });
}
