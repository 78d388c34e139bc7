import { z } from "zod";
import type { ScheduleSummary } from "@/server/services/schedules/present";
import type { ScheduleDetail, ScheduleFireRow } from "@/server/services/schedules/get-schedule";
import { registerSchema } from "./common";

/** REST shapes of event schedules (seed 003 "Event Schedules" / "Auto Schedules"). */
export const scheduleSchema = registerSchema(
  "EventSchedule",
  z.object({
    id: z.string(),
    kind: z.enum(["automation", "standalone"]).describe("automation: an automation's schedule trigger; standalone: an event schedule"),
    name: z.string(),
    automation_id: z.string().nullable(),
    cron_expression: z.string(),
    description: z.string().nullable().describe("The cron expression in words"),
    timezone: z.string(),
    is_active: z.boolean(),
    state: z.enum(["active", "disabled", "ended", "automation-inactive"]),
    state_reason: z.string().nullable(),
    next_run_at: z.string().nullable(),
    last_run_at: z.string().nullable(),
    last_status: z.string().nullable(),
    run_count: z.number().int(),
    max_runs: z.number().int().nullable(),
    end_at: z.string().nullable(),
    missed_policy: z.string(),
    audience_size: z.number().int().nullable(),
  }),
);

export const scheduleDetailSchema = registerSchema(
  "EventScheduleDetail",
  scheduleSchema.extend({
    payload: z.unknown(),
    audience: z.array(z.unknown()).nullable(),
    upcoming: z.array(z.string()),
  }),
);

export const scheduleFireSchema = registerSchema(
  "EventScheduleFire",
  z.object({
    id: z.string(),
    scheduled_for: z.string(),
    fired_at: z.string(),
    kind: z.string(),
    audience_size: z.number().int(),
    runs_triggered: z.number().int(),
    runs_failed: z.number().int(),
    status: z.string(),
    error: z.string().nullable(),
  }),
);

export function presentScheduleSummary(s: ScheduleSummary): z.input<typeof scheduleSchema> {
  return {
    id: s.id,
    kind: s.kind,
    name: s.name,
    automation_id: s.automation?.id ?? null,
    cron_expression: s.cron,
    description: s.description,
    timezone: s.timezone,
    is_active: s.enabled,
    state: s.state,
    state_reason: s.stateReason,
    next_run_at: s.nextFireAt,
    last_run_at: s.lastFiredAt,
    last_status: s.lastStatus ? s.lastStatus.toLowerCase() : null,
    run_count: s.fireCount,
    max_runs: s.maxRuns,
    end_at: s.endAt,
    missed_policy: s.missedPolicy,
    audience_size: s.audienceSize,
  };
}

export function presentScheduleDetail(s: ScheduleDetail): z.input<typeof scheduleDetailSchema> {
  return { ...presentScheduleSummary(s), payload: s.payload ?? {}, audience: s.audience, upcoming: s.upcoming };
}

export function presentScheduleFire(f: ScheduleFireRow): z.input<typeof scheduleFireSchema> {
  return {
    id: f.id,
    scheduled_for: f.scheduledFor,
    fired_at: f.firedAt,
    kind: f.kind,
    audience_size: f.audienceSize,
    runs_triggered: f.runsStarted,
    runs_failed: f.runsFailed,
    status: f.status.toLowerCase(),
    error: f.error,
  };
}
