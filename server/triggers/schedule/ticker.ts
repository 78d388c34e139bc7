import type { Db } from "@/server/db";
import { sweepApprovals } from "@/server/approvals/sweep";
import { tickSchedules, type TickOutcome } from "./fire";

export interface ScheduleTickerOptions {
  db: Db;
  /** poll period (default 1 s): a tick fires at most this late */
  periodMs?: number;
  /** injectable clock (tests) */
  now?: () => Date;
  onError?: (err: unknown) => void;
  onTick?: (outcomes: TickOutcome[]) => void;
}

/**
 * Polls for due schedules. State lives in the database (Schedule.nextFireAt),
 * so any number of processes may run a ticker: each tick is claimed by one.
 * Ticks never overlap within a process.
 */
export class ScheduleTicker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<TickOutcome[]> | null = null;
  private readonly now: () => Date;

  constructor(private readonly o: ScheduleTickerOptions) {
    this.now = o.now ?? (() => new Date());
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick().catch((err: unknown) => this.o.onError?.(err)), this.o.periodMs ?? 1000);
    this.timer.unref?.();
  }

  /** One pass now (tests call it directly with a fake clock). */
  tick(): Promise<TickOutcome[]> {
    const now = this.now();
    this.running ??= tickSchedules(this.o.db, now)
      .then(async (outcomes) => {
        // The approvals' timers (expiry, reminders, unfinished resumes) ride on the same tick; a failure there never stops schedules.
        await sweepApprovals(this.o.db, now).catch((err: unknown) => this.o.onError?.(err));
        if (outcomes.length) this.o.onTick?.(outcomes);
        return outcomes;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Polling (readiness probe, server/ops). */
  get isRunning(): boolean {
    return this.timer !== null;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
