import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { writeAudit } from "@/server/services/audit/write-audit";
import { endedReason } from "@/server/triggers/schedule/timetable";
import { reactivate } from "./activation";
import { scheduleIdField } from "./fields";
import { presentSchedule, targetAutomations, type ScheduleSummary } from "./present";
import { findScheduleInWorkspace } from "./scope";

export const setScheduleEnabledInput = z.object({
  id: scheduleIdField,
  enabled: z.boolean({ error: () => "enabled must be true or false" }),
});
export type SetScheduleEnabledInput = z.input<typeof setScheduleEnabledInput>;

/** Enables or disables a schedule; enabling counts the next fire from now (times passed while disabled are not made up). */
export async function setScheduleEnabled(actor: Actor, input: SetScheduleEnabledInput, db: Db = getDb(), now = new Date()): Promise<ScheduleSummary> {
  assertCan(actor, "schedules:write");
  const { id, enabled } = parseInput(setScheduleEnabledInput, input);
  return db.$transaction(async (tx) => {
    const current = await findScheduleInWorkspace(tx, actor, id);
    if (enabled) {
      const ended = endedReason(current, now);
      if (ended) {
        throw new AppError("UNPROCESSABLE", `This schedule ${ended}: raise or clear its max runs / end date before enabling it`, { field: "enabled", reason: ended });
      }
    }
    const row = await reactivate(tx, { ...current, enabled }, now);
    await writeAudit(tx, actor, { action: enabled ? "schedule.enabled" : "schedule.disabled", targetType: "schedule", targetId: id, details: { automationId: row.automationId } });
    const automations = await targetAutomations(tx, actor.workspaceId, [row]);
    return presentSchedule(row, automations.get(row.automationId ?? row.targetAutomationId ?? ""), now);
  });
}
