import { DEFAULT_TIMEZONE, timezoneError } from "./cron";
import { formToCron, type ScheduleFormValue } from "./structured";

/**
 * What a schedule is, independent of where it is written (a schedule trigger
 * node's config or a standalone event schedule): cron + zone + limits + policy.
 */
export const MISSED_POLICIES = ["once", "skip"] as const;
export type MissedPolicy = (typeof MISSED_POLICIES)[number];

export const MISSED_POLICY_LABELS: Record<MissedPolicy, string> = {
  once: "Fire once on recovery (the latest missed time), then continue",
  skip: "Skip missed times",
};

/**
 * A tick is on time when the ticker sees it at most this late. Later (the
 * server was down or every ticker was busy) it is "missed" and follows the
 * schedule's missed-tick policy.
 */
export const MISSED_GRACE_MS = 60_000;

export interface ScheduleSpec {
  cron: string;
  timezone: string;
  endAt: Date | null;
  maxRuns: number | null;
  missedPolicy: MissedPolicy;
}

export interface ScheduleConfigLike extends ScheduleFormValue {
  timezone?: string;
  endAt?: string | null;
  maxRuns?: number | null;
  missedPolicy?: string;
}

export type SpecResult = { ok: true; spec: ScheduleSpec } | { ok: false; issues: Array<{ field: string; message: string }> };

/** Parses an ISO 8601 date-time ("" / null = none). */
export function parseEndAt(value: string | null | undefined): Date | null | "invalid" {
  if (value === null || value === undefined || value.trim() === "") return null;
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? "invalid" : new Date(ms);
}

/**
 * `defaultTimezone` is what an empty `timezone` means: the workspace's zone when
 * the caller knows it (schedule trigger sync, event schedule save), UTC otherwise.
 */
export function specFromConfig(config: ScheduleConfigLike, defaultTimezone: string = DEFAULT_TIMEZONE): SpecResult {
  const issues: Array<{ field: string; message: string }> = [];
  const cron = formToCron(config);
  if (!cron.ok) issues.push({ field: cron.field, message: cron.message });
  const timezone = config.timezone?.trim() || defaultTimezone;
  const tzError = timezoneError(timezone);
  if (tzError) issues.push({ field: "timezone", message: tzError });
  const endAt = parseEndAt(config.endAt);
  if (endAt === "invalid") issues.push({ field: "endAt", message: `endAt must be an ISO 8601 date-time such as 2026-12-31T23:59:00Z, got "${config.endAt}"` });
  const maxRuns = config.maxRuns ?? null;
  if (maxRuns !== null && (!Number.isInteger(maxRuns) || maxRuns < 0)) issues.push({ field: "maxRuns", message: "maxRuns must be a whole number ≥ 1, or 0 / empty for no limit" });
  const policy = config.missedPolicy ?? "once";
  if (!(MISSED_POLICIES as readonly string[]).includes(policy)) issues.push({ field: "missedPolicy", message: `missedPolicy must be one of: ${MISSED_POLICIES.join(", ")}` });
  if (issues.length || !cron.ok || endAt === "invalid") return { ok: false, issues };
  return { ok: true, spec: { cron: cron.cron, timezone, endAt, maxRuns: maxRuns ? maxRuns : null, missedPolicy: policy as MissedPolicy } };
}
