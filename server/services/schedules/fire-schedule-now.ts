import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { writeAudit } from "@/server/services/audit/write-audit";
import { fireScheduleNow, type FireSummary } from "@/server/triggers/schedule/fire";
import { scheduleIdField } from "./fields";
import { findScheduleInWorkspace } from "./scope";

export const fireScheduleInput = z.object({ id: scheduleIdField });
export type FireScheduleInput = z.input<typeof fireScheduleInput>;

/**
 * Fires a schedule at once (fire history kind "manual"): one run per audience
 * item, now. It does not move the next fire time and does not count toward
 * max_runs. A paused, unpublished or archived automation is not started.
 */
export async function fireSchedule(actor: Actor, input: FireScheduleInput, db: Db = getDb(), now = new Date()): Promise<Omit<FireSummary, "scheduledFor"> & { scheduledFor: string }> {
  assertCan(actor, "schedules:write");
  const { id } = parseInput(fireScheduleInput, input);
  const row = await findScheduleInWorkspace(db, actor, id);
  const automationId = row.automationId ?? row.targetAutomationId;
  const automation = automationId ? await db.automation.findFirst({ where: { id: automationId, workspaceId: actor.workspaceId }, select: { name: true, status: true, publishedVersion: true } }) : null;
  if (!automation) throw new AppError("UNPROCESSABLE", "This schedule's automation no longer exists: pick another automation", { field: "automationId" });
  if (automation.publishedVersion === null) throw new AppError("UNPROCESSABLE", `Automation "${automation.name}" has no published version: publish it before firing its schedule`, { field: "automationId" });
  if (automation.status !== "ACTIVE") {
    throw new AppError("UNPROCESSABLE", `Automation "${automation.name}" is ${automation.status.toLowerCase()}: activate it before firing its schedule`, { field: "automationId", status: automation.status });
  }
  const fire = await fireScheduleNow(db, row, now, actor.userId);
  await writeAudit(db, actor, { action: "schedule.fired", targetType: "schedule", targetId: id, details: { fireId: fire.fireId, runs: fire.runsStarted } });
  return { ...fire, scheduledFor: fire.scheduledFor.toISOString() };
}
