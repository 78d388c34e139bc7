import { checkCron, type CronCheck } from "./cron";

/**
 * The structured schedule form (time of day + days of week, or every N minutes /
 * hours) and its translation to and from a 5-field cron expression. Schedules
 * are always stored as cron; the form is a friendlier way to write common ones.
 */
export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABELS: Record<Weekday, string> = { sun: "Sun", mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat" };

export const SCHEDULE_MODES = ["weekly", "interval", "cron"] as const;
export type ScheduleMode = (typeof SCHEDULE_MODES)[number];

/** Steps that divide the hour / day evenly, so "every N" has equal gaps (cron restarts its step each hour / day). */
export const INTERVAL_MINUTES = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30] as const;
export const INTERVAL_HOURS = [1, 2, 3, 4, 6, 8, 12] as const;

export interface ScheduleFormValue {
  mode: ScheduleMode;
  cron?: string;
  /** "HH:MM", 24-hour */
  time?: string;
  days?: readonly string[];
  every?: number;
  unit?: "minutes" | "hours";
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** The cron expression a form value stands for, with a field-level error when the form is incomplete. */
export function formToCron(form: ScheduleFormValue): CronCheck {
  if (form.mode === "cron") return checkCron(form.cron ?? "");
  if (form.mode === "weekly") {
    const m = TIME.exec(form.time ?? "");
    if (!m) return { ok: false, field: "time", message: `time must be HH:MM in 24-hour format (00:00-23:59), got "${form.time ?? ""}"` };
    const days = WEEKDAYS.map((d, i) => ((form.days ?? []).includes(d) ? i : -1)).filter((i) => i >= 0);
    const unknown = (form.days ?? []).filter((d) => !(WEEKDAYS as readonly string[]).includes(d));
    if (unknown.length) return { ok: false, field: "days", message: `days: unknown day "${unknown[0]}"; allowed: ${WEEKDAYS.join(", ")}` };
    if (days.length === 0) return { ok: false, field: "days", message: "days: pick at least one day of the week" };
    const dow = days.length === 7 ? "*" : compressDays(days);
    return { ok: true, cron: `${Number(m[2])} ${Number(m[1])} * * ${dow}` };
  }
  const every = form.every ?? 0;
  if (form.unit === "hours") {
    if (!(INTERVAL_HOURS as readonly number[]).includes(every)) {
      return { ok: false, field: "every", message: `every: hours must be one of ${INTERVAL_HOURS.join(", ")} (steps that divide the day evenly), got ${every}` };
    }
    return { ok: true, cron: every === 1 ? "0 * * * *" : `0 */${every} * * *` };
  }
  if (!(INTERVAL_MINUTES as readonly number[]).includes(every)) {
    return { ok: false, field: "every", message: `every: minutes must be one of ${INTERVAL_MINUTES.join(", ")} (steps that divide the hour evenly), got ${every}` };
  }
  return { ok: true, cron: every === 1 ? "* * * * *" : `*/${every} * * * *` };
}

/** "1,2,3,4,5" → "1-5" for runs of 3+ consecutive days. */
function compressDays(days: number[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < days.length) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j] + 1) j++;
    out.push(j - i >= 2 ? `${days[i]}-${days[j]}` : days.slice(i, j + 1).join(","));
    i = j + 1;
  }
  return out.join(",");
}

function expandDays(field: string): number[] | null {
  if (field === "*") return [0, 1, 2, 3, 4, 5, 6];
  const out = new Set<number>();
  for (const part of field.split(",")) {
    const range = /^(\d)(?:-(\d))?$/.exec(part);
    if (!range) return null;
    const a = Number(range[1]);
    const b = range[2] === undefined ? a : Number(range[2]);
    if (a > 7 || b > 7 || b < a) return null;
    for (let d = a; d <= b; d++) out.add(d % 7);
  }
  return [...out].sort((x, y) => x - y);
}

/** The structured form for a cron expression when one fits exactly; null = only the cron editor can show it. */
export function cronToForm(cron: string): ScheduleFormValue | null {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const [min, hour, dom, mon, dow] = parts;
  if (dom !== "*" || mon !== "*") return null;
  if (/^\d+$/.test(min) && /^\d+$/.test(hour) && Number(min) < 60 && Number(hour) < 24) {
    const days = expandDays(dow);
    if (!days || days.length === 0) return null;
    const time = `${hour.padStart(2, "0")}:${min.padStart(2, "0")}`;
    return { mode: "weekly", time, days: days.map((d) => WEEKDAYS[d]) };
  }
  if (dow !== "*") return null;
  if (hour === "*" && (min === "*" || /^\*\/\d+$/.test(min))) {
    const every = min === "*" ? 1 : Number(min.slice(2));
    return (INTERVAL_MINUTES as readonly number[]).includes(every) ? { mode: "interval", every, unit: "minutes" } : null;
  }
  if (min === "0" && (hour === "*" || /^\*\/\d+$/.test(hour))) {
    const every = hour === "*" ? 1 : Number(hour.slice(2));
    return (INTERVAL_HOURS as readonly number[]).includes(every) ? { mode: "interval", every, unit: "hours" } : null;
  }
  return null;
}
