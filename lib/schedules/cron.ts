import { Cron } from "croner";
import cronstrue from "cronstrue";

/**
 * Browser-safe cron helpers shared by the schedule trigger panel, the Schedules
 * page and the server's ticker: validation with field-level messages, the human
 * description (cronstrue), next fire times in an IANA time zone (croner, DST-
 * correct: a time that does not exist on a spring-forward day fires at the first
 * valid minute after the gap; a repeated autumn time fires once).
 */
export const CRON_FIELDS = [
  { name: "minute", allowed: "0-59" },
  { name: "hour", allowed: "0-23" },
  { name: "day of month", allowed: "1-31" },
  { name: "month", allowed: "1-12 or JAN-DEC" },
  { name: "day of week", allowed: "0-7 (0 and 7 = Sunday) or SUN-SAT" },
] as const;

export const DEFAULT_TIMEZONE = "UTC";

export type CronCheck = { ok: true; cron: string } | { ok: false; field: string; message: string };

function makeCron(pattern: string, timezone?: string): Cron {
  return new Cron(pattern, { paused: true, mode: "5-part", ...(timezone ? { timezone } : {}) });
}

/** Why croner rejected a pattern, without its class-name prefix. */
function reason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/^Cron\w*:\s*/, "").replace(/\.$/, "");
}

/** Validates a 5-field cron expression; the error names the field, why it is wrong, and what is allowed. */
export function checkCron(input: string): CronCheck {
  const cron = input.trim().replace(/\s+/g, " ");
  if (!cron) return { ok: false, field: "cron", message: "cron is required: 5 fields \"minute hour day-of-month month day-of-week\", e.g. \"0 9 * * 1-5\"" };
  const parts = cron.split(" ");
  if (parts.length !== 5) {
    return {
      ok: false,
      field: "cron",
      message: `cron must have exactly 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}: "${cron}"`,
    };
  }
  for (let i = 0; i < 5; i++) {
    const probe = parts.map((p, j) => (j === i ? p : "*")).join(" ");
    try {
      makeCron(probe);
    } catch (err) {
      const f = CRON_FIELDS[i];
      return { ok: false, field: "cron", message: `cron ${f.name} "${parts[i]}" is invalid (${reason(err)}); allowed: ${f.allowed}, with * , - and /` };
    }
  }
  try {
    const c = makeCron(cron);
    if (!c.nextRun(new Date(Date.UTC(2000, 0, 1)))) {
      return { ok: false, field: "cron", message: `cron "${cron}" never matches a date (e.g. 31 February); check day of month and month` };
    }
  } catch (err) {
    return { ok: false, field: "cron", message: `cron "${cron}" is invalid: ${reason(err)}` };
  }
  return { ok: true, cron };
}

/** True for an IANA time zone the runtime knows ("Europe/Berlin", "UTC"). */
export function isValidTimezone(tz: string): boolean {
  if (!tz || tz !== tz.trim()) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function timezoneError(tz: string): string | null {
  return isValidTimezone(tz) ? null : `timezone "${tz}" is not an IANA time zone; use a name like "Europe/Berlin", "America/New_York" or "UTC"`;
}

/** "At 09:00, Monday through Friday"; null when the expression is invalid. */
export function describeCron(cron: string): string | null {
  const check = checkCron(cron);
  if (!check.ok) return null;
  try {
    return cronstrue.toString(check.cron, { use24HourTimeFormat: true, verbose: false, throwExceptionOnParseError: true });
  } catch {
    return null;
  }
}

export interface FireWindow {
  /** no fire at or after this instant */
  endAt?: Date | null;
  /** fires left (max_runs − fired so far); null = unlimited */
  remaining?: number | null;
}

/** The next `n` fire times strictly after `after`, in the schedule's time zone (respecting end_at and max_runs). */
export function nextFireTimes(cron: string, timezone: string, n: number, after: Date, window: FireWindow = {}): Date[] {
  const limit = window.remaining === null || window.remaining === undefined ? n : Math.max(0, Math.min(n, window.remaining));
  if (limit === 0) return [];
  const times = makeCron(cron, timezone).nextRuns(limit, after);
  return window.endAt ? times.filter((t) => t.getTime() < window.endAt!.getTime()) : times;
}

/** The next fire time after `after`, or null (never again / past end_at / max_runs reached). */
export function nextFireAt(cron: string, timezone: string, after: Date, window: FireWindow = {}): Date | null {
  return nextFireTimes(cron, timezone, 1, after, window)[0] ?? null;
}

/** The latest fire time at or before `at` and not before `from` (recovery after downtime); null if none. */
export function latestFireAtOrBefore(cron: string, timezone: string, from: Date, at: Date): Date | null {
  const prev = makeCron(cron, timezone).previousRuns(1, new Date(at.getTime() + 1))[0];
  return prev && prev.getTime() >= from.getTime() ? prev : null;
}

/** Number of fire times in (after, endAt), counted up to `cap`. */
export function countFiresUntil(cron: string, timezone: string, after: Date, endAt: Date, cap = 1000): { count: number; capped: boolean } {
  const c = makeCron(cron, timezone);
  let count = 0;
  let cursor = after;
  while (count < cap) {
    const next = c.nextRun(cursor);
    if (!next || next.getTime() >= endAt.getTime()) return { count, capped: false };
    count++;
    cursor = next;
  }
  return { count, capped: true };
}

/** Remaining occurrences: null = unlimited (no end_at, no max_runs). */
export function remainingOccurrences(
  s: { cron: string; timezone: string; endAt?: Date | null; maxRuns?: number | null; fireCount: number },
  now: Date,
): { count: number; capped: boolean } | null {
  const byMax = s.maxRuns ? Math.max(0, s.maxRuns - s.fireCount) : null;
  if (!s.endAt) return byMax === null ? null : { count: byMax, capped: false };
  const byEnd = countFiresUntil(s.cron, s.timezone, now, s.endAt, byMax ?? 1000);
  return byMax === null ? byEnd : { count: Math.min(byMax, byEnd.count), capped: false };
}

/** "Tue, 31 Mar 2026, 09:00 CEST" in the schedule's zone. */
export function formatInZone(date: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(date);
}
