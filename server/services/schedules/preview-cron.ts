import { z } from "zod";
import { describeCron, nextFireTimes } from "@/lib/schedules/cron";
import { specFromConfig } from "@/lib/schedules/spec";
import { SCHEDULE_MODES, WEEKDAYS } from "@/lib/schedules/structured";
import { AppError, type Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";

export const previewCronInput = z.object({
  mode: z.enum(SCHEDULE_MODES).default("cron"),
  cron: z.string().max(200, "cron: at most 200 characters").optional(),
  time: z.string().max(5).optional(),
  days: z.array(z.enum(WEEKDAYS)).optional(),
  every: z.number().int().optional(),
  unit: z.enum(["minutes", "hours"]).optional(),
  timezone: z.string().max(100).default("UTC"),
  count: z.number().int().min(1, "count must be at least 1").max(50, "count must be at most 50").default(5),
  endAt: z.string().max(40).nullish(),
  maxRuns: z.number().int().min(0).nullish(),
});
export type PreviewCronInput = z.input<typeof previewCronInput>;

export interface CronPreview {
  cron: string;
  timezone: string;
  description: string | null;
  /** ISO instants (UTC) */
  next: string[];
}

/** cron (or the structured form) + time zone → human description and the next N fire times; invalid input → BAD_REQUEST naming the field. */
export function previewCron(actor: Actor, input: PreviewCronInput, now = new Date()): CronPreview {
  assertCan(actor, "schedules:read");
  const parsed = parseInput(previewCronInput, input);
  const r = specFromConfig(parsed);
  if (!r.ok) {
    throw new AppError("BAD_REQUEST", `Invalid schedule — ${r.issues.map((i) => i.message).join("; ")}`, { issues: r.issues });
  }
  const { spec } = r;
  return {
    cron: spec.cron,
    timezone: spec.timezone,
    description: describeCron(spec.cron),
    next: nextFireTimes(spec.cron, spec.timezone, parsed.count, now, { endAt: spec.endAt, remaining: spec.maxRuns }).map((d) => d.toISOString()),
  };
}
