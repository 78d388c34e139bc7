import { specFromConfig } from "@/lib/schedules/spec";
import { scheduleConfigSchema } from "@/lib/nodes/catalog/schedule";
import type { TriggerSource, Tx } from "../contract";
import { nextFire } from "./timetable";

/**
 * Schedule trigger source: one Schedule row per schedule-triggered automation
 * (automationId set). Publishing writes the published node's timetable into it;
 * active = the automation is active and published, the schedule is enabled and
 * not ended. A changed timetable (or re-activation) recomputes nextFireAt from
 * now: times that passed while the automation was paused are not made up.
 */
export const scheduleSource: TriggerSource = {
  type: "schedule",

  async sync(tx: Tx, input) {
    const config = input.node ? scheduleConfigSchema.safeParse(input.node.config) : null;
    // an empty zone is "the workspace default": resolved here, so the row (and its fire times) carry a real zone
    const workspace = config?.success ? await tx.workspace.findUnique({ where: { id: input.workspaceId }, select: { timezone: true } }) : null;
    const parsed = config?.success ? specFromConfig(config.data, workspace?.timezone) : null;
    if (!parsed || !parsed.ok) return scheduleSource.deactivate(tx, input.automationId);
    const spec = parsed.spec;
    const now = new Date();
    const existing = await tx.schedule.findFirst({ where: { automationId: input.automationId }, orderBy: { createdAt: "asc" } });
    const sameTimetable =
      existing !== null &&
      existing.cron === spec.cron &&
      existing.timezone === spec.timezone &&
      (existing.endAt?.getTime() ?? null) === (spec.endAt?.getTime() ?? null) &&
      existing.maxRuns === spec.maxRuns;
    const enabled = existing?.enabled ?? true;
    const timetable = { ...spec, fireCount: existing?.fireCount ?? 0 };
    const keep = sameTimetable && existing.active && existing.nextFireAt !== null;
    const next = keep ? existing.nextFireAt : nextFire(timetable, now);
    const active = input.active && enabled && next !== null;
    const data = {
      workspaceId: input.workspaceId,
      cron: spec.cron,
      timezone: spec.timezone,
      endAt: spec.endAt,
      maxRuns: spec.maxRuns,
      missedPolicy: spec.missedPolicy,
      active,
      nextFireAt: active ? next : null,
    };
    if (existing) await tx.schedule.update({ where: { id: existing.id }, data });
    else await tx.schedule.create({ data: { ...data, automationId: input.automationId, enabled } });
  },

  async deactivate(tx: Tx, automationId) {
    await tx.schedule.updateMany({ where: { automationId, active: true }, data: { active: false, nextFireAt: null } });
  },
};
