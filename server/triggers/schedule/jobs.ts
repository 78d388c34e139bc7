import type { Db } from "@/server/db";
import { fireDueSchedule, type TickOutcome } from "./fire";

/**
 * Schedules as delayed jobs (QUEUE_MODE=bullmq, server/queue/bullmq.ts): the
 * dispatcher plans a delayed job for every schedule that fires within its
 * horizon and, when the job comes due, fires that one schedule here. The
 * database still decides: fireDueSchedule claims the tick with a conditional
 * update of nextFireAt, so a duplicated job, a job that comes early or one
 * planned by two workers fires nothing twice; the schedule ticker's database
 * pass (every QUEUE_SWEEP_MS in queue mode) is the safety net for lost jobs.
 */
export interface ScheduleJobs {
  /** Active schedules due before now + horizonMs (oldest first, at most `limit`). */
  due(horizonMs: number, limit?: number): Promise<Array<{ scheduleId: string; at: Date }>>;
  /**
   * Fires the schedule if it is due; `next` is its next fire time afterwards
   * (null: inactive or ended), for the next delayed job.
   */
  fire(scheduleId: string): Promise<{ outcome: TickOutcome | null; next: Date | null }>;
}

export function createScheduleJobs(db: Db, now: () => Date = () => new Date()): ScheduleJobs {
  return {
    async due(horizonMs, limit = 500) {
      const rows = await db.schedule.findMany({
        where: { active: true, nextFireAt: { lte: new Date(now().getTime() + horizonMs) } },
        orderBy: { nextFireAt: "asc" },
        take: limit,
        select: { id: true, nextFireAt: true },
      });
      return rows.flatMap((r) => (r.nextFireAt ? [{ scheduleId: r.id, at: r.nextFireAt }] : []));
    },
    async fire(scheduleId) {
      const s = await db.schedule.findUnique({ where: { id: scheduleId } });
      if (!s || !s.active || !s.nextFireAt) return { outcome: null, next: null };
      const at = now();
      // Early (clock skew between Redis and this host) or re-planned: no fire, a job for the real time.
      if (s.nextFireAt.getTime() > at.getTime()) return { outcome: null, next: s.nextFireAt };
      const outcome = await fireDueSchedule(db, s, at);
      const after = await db.schedule.findUnique({ where: { id: scheduleId }, select: { active: true, nextFireAt: true } });
      return { outcome, next: after?.active ? after.nextFireAt : null };
    },
  };
}
