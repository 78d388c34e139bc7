import type { Tx } from "@/server/db";
import { nextFire } from "@/server/triggers/schedule/timetable";
import type { ScheduleRow } from "@/server/triggers/schedule/fire";

/**
 * Recomputes active / nextFireAt after a change (enable, disable, edit):
 * active = enabled, not ended, and (automation schedules) the automation is
 * active and published. Times are counted from now: nothing is made up.
 */
export async function reactivate(tx: Tx, s: ScheduleRow, now: Date): Promise<ScheduleRow> {
  let ownerActive = true;
  if (s.automationId) {
    const trigger = await tx.automationTrigger.findUnique({ where: { automationId: s.automationId }, select: { active: true, type: true } });
    ownerActive = trigger?.active === true && trigger.type === "schedule";
  }
  const next = s.enabled && ownerActive ? nextFire(s, now) : null;
  return tx.schedule.update({ where: { id: s.id }, data: { enabled: s.enabled, active: next !== null, nextFireAt: next } });
}
