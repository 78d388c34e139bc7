import { z } from "zod";
import { toDateMs } from "../../conditions/compare";
import { hasTemplate } from "../../templates/parse";
import { defineNodeType } from "../field-meta";

export const DELAY_UNITS = ["seconds", "minutes", "hours", "days"] as const;
export type DelayUnit = (typeof DELAY_UNITS)[number];
export const DELAY_UNIT_MS: Readonly<Record<DelayUnit, number>> = {
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};
export const MAX_DELAY_MS = 365 * DELAY_UNIT_MS.days;

export const delayConfigSchema = z
  .object({
    mode: z
      .enum(["duration", "until"], { error: () => 'must be "duration" or "until"' })
      .default("duration")
      .describe('"duration": wait for an amount of time; "until": wait until a date and time'),
    amount: z
      .number({ error: () => "must be a number" })
      .min(0, "must be 0 or more")
      .default(5)
      .describe("How long to wait, in the chosen unit (at most 365 days in total)"),
    unit: z
      .enum(DELAY_UNITS, { error: () => `must be one of: ${DELAY_UNITS.join(", ")}` })
      .default("minutes")
      .describe("Unit of the amount"),
    until: z
      .string()
      .max(200, "must be at most 200 characters")
      .default("")
      .describe(
        "Date and time to wait until: ISO 8601 such as 2025-01-31T09:00:00Z (no zone = UTC) or a template such as {{trigger.appointment_at}}. A time in the past continues at once.",
      ),
  })
  .superRefine((config, ctx) => {
    if (config.mode === "duration") {
      if (config.amount <= 0) ctx.addIssue({ code: "custom", path: ["amount"], message: "must be greater than 0" });
      else if (config.amount * DELAY_UNIT_MS[config.unit] > MAX_DELAY_MS) {
        ctx.addIssue({ code: "custom", path: ["amount"], message: "must be at most 365 days in total" });
      }
      return;
    }
    const until = config.until.trim();
    if (until === "") ctx.addIssue({ code: "custom", path: ["until"], message: 'is required when mode is "until"' });
    else if (!hasTemplate(until) && toDateMs(until) === null) {
      ctx.addIssue({ code: "custom", path: ["until"], message: "must be an ISO 8601 date or date-time (e.g. 2025-01-31T09:00:00Z) or a {{template}}" });
    }
  });
export type DelayConfig = z.infer<typeof delayConfigSchema>;

/** Duration of a "duration" delay in milliseconds. */
export function delayDurationMs(config: Pick<DelayConfig, "amount" | "unit">): number {
  return Math.round(config.amount * DELAY_UNIT_MS[config.unit]);
}

function plural(amount: number, unit: DelayUnit): string {
  return amount === 1 ? unit.slice(0, -1) : unit;
}

export const delayNode = defineNodeType({
  type: "delay",
  version: 1,
  kind: "control",
  category: "Flow",
  label: "Delay",
  description: "Pause the run for a while or until a date; it resumes even after a restart.",
  icon: "Timer",
  configSchema: delayConfigSchema,
  defaultConfig: { mode: "duration", amount: 5, unit: "minutes", until: "" },
  handles: [{ id: "next", label: "Next" }],
  sampleOutput: { waitedUntil: "2025-01-31T09:05:00.000Z" },
  summarize(config) {
    if (config.mode === "until") return `Wait until ${config.until || "(no date)"}`;
    return `Wait ${config.amount} ${plural(config.amount, config.unit)}`;
  },
  defaultTimeoutMs: 5_000,
  fieldMeta: {
    mode: { label: "Wait", widget: "select" },
    amount: { label: "Amount", widget: "number", showIf: { field: "mode", equals: ["duration"] } },
    unit: { label: "Unit", widget: "select", showIf: { field: "mode", equals: ["duration"] } },
    until: { label: "Until", widget: "datetime", templated: true, showIf: { field: "mode", equals: ["until"] } },
  },
});
