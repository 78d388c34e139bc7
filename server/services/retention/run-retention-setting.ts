import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { writeAudit } from "@/server/services/audit/write-audit";

/** Run retention: "Delete runs older than N days" per workspace; off (null) by default. */
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;

export const setRunRetentionInput = z.object({
  days: z
    .number({ error: `days: a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}, or null to keep runs forever` })
    .int("days: must be a whole number")
    .min(MIN_RETENTION_DAYS, `days: at least ${MIN_RETENTION_DAYS}`)
    .max(MAX_RETENTION_DAYS, `days: at most ${MAX_RETENTION_DAYS} (10 years)`)
    .nullable(),
});
export type SetRunRetentionInput = z.input<typeof setRunRetentionInput>;

export interface RunRetention {
  /** Finished runs older than this many days are deleted; null = keep forever. */
  days: number | null;
}

export async function getRunRetention(actor: Actor, db: Db = getDb()): Promise<RunRetention> {
  assertCan(actor, "workspace:read");
  const ws = await db.workspace.findUnique({ where: { id: actor.workspaceId }, select: { runRetentionDays: true } });
  if (!ws) throw new AppError("NOT_FOUND", "Workspace not found");
  return { days: ws.runRetentionDays };
}

/** Sets (or turns off with null) the workspace's run retention. Workspace admins; audited. */
export async function setRunRetention(actor: Actor, input: SetRunRetentionInput, db: Db = getDb()): Promise<RunRetention> {
  assertCan(actor, "workspace:admin");
  const { days } = parseInput(setRunRetentionInput, input);
  return db.$transaction(async (tx) => {
    const current = await tx.workspace.findUnique({ where: { id: actor.workspaceId }, select: { runRetentionDays: true } });
    if (!current) throw new AppError("NOT_FOUND", "Workspace not found");
    if (current.runRetentionDays === days) return { days };
    await tx.workspace.update({ where: { id: actor.workspaceId }, data: { runRetentionDays: days } });
    await writeAudit(tx, actor, { action: "workspace.run_retention_changed", targetType: "workspace", targetId: actor.workspaceId, details: { from: current.runRetentionDays, to: days } });
    return { days };
  });
}
