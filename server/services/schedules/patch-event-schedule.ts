import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { getSchedule } from "./get-schedule";
import type { ScheduleSummary } from "./present";
import { saveEventSchedule, type SaveEventScheduleInput } from "./save-event-schedule";

/** The fields a partial update may change; absent = keep, null = remove (endAt, maxRuns). */
export type EventSchedulePatch = Partial<Omit<SaveEventScheduleInput, "id">>;

/**
 * Partial update of a standalone event schedule (REST PATCH, seed 003): the
 * stored schedule merged with the changed fields, saved through the same
 * validation as create. A structured time (mode weekly/interval) replaces the
 * stored cron; otherwise the stored cron is kept.
 */
export async function patchEventSchedule(actor: Actor, id: string, patch: EventSchedulePatch, db: Db = getDb(), now = new Date()): Promise<ScheduleSummary> {
  const current = await getSchedule(actor, { id, historyLimit: 1 }, db, now);
  const timetable = patch.mode && patch.mode !== "cron" ? {} : { mode: "cron" as const, cron: patch.cron ?? current.cron };
  return saveEventSchedule(
    actor,
    {
      id,
      name: current.name,
      automationId: current.targetAutomationId ?? current.automation?.id ?? "",
      timezone: current.timezone,
      payload: (current.payload ?? {}) as Record<string, unknown>,
      audience: current.audience,
      endAt: current.endAt,
      maxRuns: current.maxRuns,
      missedPolicy: current.missedPolicy as SaveEventScheduleInput["missedPolicy"],
      enabled: current.enabled,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      ...timetable,
    },
    db,
    now,
  );
}
