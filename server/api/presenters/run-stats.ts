import { z } from "zod";
import { RUN_STATUSES } from "@/lib/statuses";
import type { RunStats, StatusCounts } from "@/server/services/runs/run-stats";
import { iso, registerSchema } from "./common";

/** Run statistics in this API's snake_case (seed 002 "Automation Statistics", extended). */

const statusCountsSchema = z.object(Object.fromEntries(RUN_STATUSES.map((s) => [s.toLowerCase(), z.number().int()])) as Record<string, z.ZodNumber>);

export const runStatsSchema = registerSchema(
  "RunStats",
  z.object({
    from: z.string().describe("Start of the first day (inclusive)"),
    to: z.string().describe("End of today (exclusive)"),
    days: z.number().int(),
    timezone: z.string().describe("The zone the days are cut in (the workspace's)"),
    runs: statusCountsSchema.extend({ total: z.number().int() }).describe("Runs created in the range, by status"),
    success_rate: z.number().nullable().describe("completed / (completed + failed), 0–1; null when neither happened"),
    duration: z.object({
      count: z.number().int().describe("Finished runs measured"),
      p50_ms: z.number().int().nullable(),
      p95_ms: z.number().int().nullable(),
    }),
    per_day: z.array(z.object({ date: z.string().describe("YYYY-MM-DD"), total: z.number().int(), by_status: statusCountsSchema })),
    top_failing_steps: z.array(
      z.object({
        automation_id: z.string(),
        automation_name: z.string(),
        action_id: z.string().describe("The graph node id"),
        name: z.string(),
        action_type: z.string(),
        failures: z.number().int().describe("Failed attempts"),
        runs: z.number().int().describe("Runs in which it failed"),
        top_errors: z.array(z.object({ message: z.string(), count: z.number().int() })),
      }),
    ),
    automations: z
      .object({ total: z.number().int(), draft: z.number().int(), active: z.number().int(), paused: z.number().int(), archived: z.number().int() })
      .nullable()
      .describe("Automations by status; null when filtered to one automation"),
  }),
);

function lowerCounts(c: StatusCounts): Record<string, number> {
  return Object.fromEntries(RUN_STATUSES.map((s) => [s.toLowerCase(), c[s]]));
}

export function presentRunStats(s: RunStats): z.input<typeof runStatsSchema> {
  return {
    from: iso(s.from),
    to: iso(s.to),
    days: s.days,
    timezone: s.timezone,
    runs: { total: s.total, ...lowerCounts(s.byStatus) },
    success_rate: s.successRate,
    duration: { count: s.duration.count, p50_ms: s.duration.p50Ms, p95_ms: s.duration.p95Ms },
    per_day: s.perDay.map((d) => ({ date: d.date, total: d.total, by_status: lowerCounts(d.byStatus) })),
    top_failing_steps: s.topFailingSteps.map((f) => ({
      automation_id: f.automationId,
      automation_name: f.automationName,
      action_id: f.nodeId,
      name: f.nodeName,
      action_type: f.nodeType,
      failures: f.failures,
      runs: f.runs,
      top_errors: f.topErrors,
    })),
    automations: s.automations,
  };
}
