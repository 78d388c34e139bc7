import { z } from "zod";
import { describeCron } from "../../schedules/cron";
import { MISSED_POLICIES, specFromConfig } from "../../schedules/spec";
import { INTERVAL_MINUTES, SCHEDULE_MODES, WEEKDAYS } from "../../schedules/structured";
import { defineNodeType } from "../field-meta";

/**
 * A new schedule node's zone: empty = "the workspace default", resolved on the
 * server when the node is published (server/triggers/schedule/source.ts) and
 * again for every such schedule when an admin changes the workspace zone.
 */
export const WORKSPACE_TIMEZONE = "";

export const scheduleConfigSchema = z
  .object({
    mode: z
      .enum(SCHEDULE_MODES, { error: () => `must be one of: ${SCHEDULE_MODES.join(", ")}` })
      .default("weekly")
      .describe('"weekly": a time of day on chosen days; "interval": every N minutes or hours; "cron": a 5-field cron expression'),
    cron: z.string().max(200, "must be at most 200 characters").default("0 9 * * 1-5").describe('5-field cron: "minute hour day-of-month month day-of-week", e.g. "0 9 * * 1-5"'),
    days: z.array(z.enum(WEEKDAYS, { error: () => `must be one of: ${WEEKDAYS.join(", ")}` })).default(["mon", "tue", "wed", "thu", "fri"]).describe("Days of the week"),
    time: z.string().max(5).default("09:00").describe("Time of day, 24-hour HH:MM, in the schedule's time zone"),
    every: z.number({ error: () => "must be a number" }).int("must be a whole number").default(15).describe(`Every N minutes (${INTERVAL_MINUTES.join(", ")}) or hours`),
    unit: z.enum(["minutes", "hours"], { error: () => 'must be "minutes" or "hours"' }).default("minutes"),
    timezone: z.string().max(100).default(WORKSPACE_TIMEZONE).describe("IANA time zone, e.g. Europe/Berlin; empty = the workspace's time zone (Settings → General); daylight-saving changes are handled"),
    endAt: z.string().max(40).default("").describe("Stop firing at this date-time (ISO 8601); empty = never"),
    maxRuns: z.number({ error: () => "must be a number" }).int("must be a whole number").min(0, "must be 0 or more").default(0).describe("Stop after this many scheduled fires that started runs (fires skipped while the automation is paused do not count); 0 = no limit"),
    missedPolicy: z
      .enum(MISSED_POLICIES, { error: () => `must be one of: ${MISSED_POLICIES.join(", ")}` })
      .default("once")
      .describe('Times missed while the server was down: "once" fires once on recovery (never a burst), "skip" drops them'),
  })
  .superRefine((config, ctx) => {
    const r = specFromConfig(config);
    if (!r.ok) for (const issue of r.issues) ctx.addIssue({ code: "custom", path: [issue.field], message: issue.message.replace(new RegExp(`^${issue.field}:? `), "") });
  });
export type ScheduleConfig = z.infer<typeof scheduleConfigSchema>;

export const scheduleNode = defineNodeType({
  type: "schedule",
  version: 1,
  kind: "trigger",
  pure: true,
  category: "Triggers",
  label: "Schedule",
  description: "Start the automation on a timetable: cron or days and a time, in a time zone.",
  icon: "CalendarClock",
  configSchema: scheduleConfigSchema,
  defaultConfig: {
    mode: "weekly",
    cron: "0 9 * * 1-5",
    time: "09:00",
    days: ["mon", "tue", "wed", "thu", "fri"],
    every: 15,
    unit: "minutes",
    timezone: WORKSPACE_TIMEZONE,
    endAt: "",
    maxRuns: 0,
    missedPolicy: "once",
  },
  handles: [{ id: "next", label: "Next" }],
  sampleOutput: {
    schedule: { id: "sch_123", name: "Weekday digest", cron: "0 9 * * 1-5", timezone: "Europe/Berlin" },
    scheduledFor: "2026-03-30T07:00:00.000Z",
    firedAt: "2026-03-30T07:00:00.412Z",
    kind: "tick",
  },
  summarize(config) {
    const r = specFromConfig(config);
    if (!r.ok) return "Schedule · needs a valid timetable";
    return `${describeCron(r.spec.cron) ?? r.spec.cron} (${config.timezone?.trim() ? r.spec.timezone : "workspace time zone"})`;
  },
  defaultTimeoutMs: 5_000,
  fieldMeta: {
    mode: { label: "Repeat", widget: "scheduleMode", description: "" },
    cron: { label: "Cron expression", widget: "cron", raw: true, description: "", showIf: { field: "mode", equals: ["cron"] } },
    days: { label: "Days", widget: "weekdays", description: "", showIf: { field: "mode", equals: ["weekly"] } },
    time: { label: "Time", widget: "timeOfDay", raw: true, description: "In the schedule's time zone", showIf: { field: "mode", equals: ["weekly"] } },
    every: { label: "Interval", widget: "interval", description: "Steps that divide the hour or the day evenly, so runs are equally spaced", showIf: { field: "mode", equals: ["interval"] } },
    // edited by the interval widget next to `every`
    unit: { label: "Unit", widget: "hidden" },
    timezone: { label: "Time zone", widget: "timezone", raw: true, description: "Daylight-saving changes are handled" },
    endAt: { label: "End at", widget: "datetime", raw: true, advanced: true },
    maxRuns: { label: "Max runs", widget: "number", advanced: true },
    missedPolicy: { label: "Missed times", widget: "select", advanced: true },
  },
});
