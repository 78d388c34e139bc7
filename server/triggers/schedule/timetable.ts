import { latestFireAtOrBefore, nextFireAt } from "@/lib/schedules/cron";
import { MISSED_GRACE_MS, type MissedPolicy } from "@/lib/schedules/spec";

/** The timetable columns of a Schedule row. */
export interface Timetable {
  cron: string;
  timezone: string;
  endAt: Date | null;
  maxRuns: number | null;
  fireCount: number;
}

/** The next scheduled fire after `now`, or null when end_at / max_runs are reached (the schedule ends). */
export function nextFire(s: Timetable, now: Date, fireCount = s.fireCount): Date | null {
  const remaining = s.maxRuns ? s.maxRuns - fireCount : null;
  return nextFireAt(s.cron, s.timezone, now, { endAt: s.endAt, remaining });
}

/** Why a schedule cannot fire again, or null. */
export function endedReason(s: Timetable, now: Date): string | null {
  if (s.maxRuns && s.fireCount >= s.maxRuns) return `reached its maximum of ${s.maxRuns} run${s.maxRuns === 1 ? "" : "s"}`;
  if (s.endAt && s.endAt.getTime() <= now.getTime()) return `ended at ${s.endAt.toISOString()}`;
  if (nextFire(s, now) === null) return "has no fire time left before its end date";
  return null;
}

export type TickDecision =
  /** fire once for `scheduledFor` */
  | { fire: true; scheduledFor: Date; kind: "tick" | "recovery" }
  | { fire: false; reason: "skipped-missed" };

/**
 * What to do with a schedule whose nextFireAt (`due`) has passed at `now`.
 * On time (seen within MISSED_GRACE_MS and no later occurrence already due):
 * fire `due`. Otherwise ticks were missed (the server was down):
 * - "once": fire exactly one run for the latest missed time (kind "recovery"), never a burst;
 * - "skip": drop them; only a time within the grace period still fires.
 * Either way the schedule continues with the first time after `now`.
 */
export function decideTick(s: Timetable & { missedPolicy: string }, due: Date, now: Date): TickDecision {
  const latest = latestFireAtOrBefore(s.cron, s.timezone, due, now) ?? due;
  const late = now.getTime() - due.getTime() > MISSED_GRACE_MS || latest.getTime() > due.getTime();
  if (!late) return { fire: true, scheduledFor: due, kind: "tick" };
  if ((s.missedPolicy as MissedPolicy) === "skip") {
    return now.getTime() - latest.getTime() <= MISSED_GRACE_MS ? { fire: true, scheduledFor: latest, kind: "tick" } : { fire: false, reason: "skipped-missed" };
  }
  return { fire: true, scheduledFor: latest, kind: "recovery" };
}
