import type { Db } from "@/server/db";
import { runRetentionPass, type RetentionPassResult } from "./prune-runs";

/** A retention pass at most this often per process (the first one a minute after start). */
export const RETENTION_PERIOD_MS = 5 * 60_000;
const FIRST_PASS_MS = 60_000;

/**
 * Runs retention passes in the background next to the schedule ticker. Passes
 * never overlap within a process; passes of several processes are harmless
 * (they delete the same finished rows; a batch deleted by another is just empty).
 */
export class RetentionTicker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RetentionPassResult> | null = null;

  constructor(
    private readonly o: { db: Db; periodMs?: number; onPass?: (r: RetentionPassResult) => void; onError?: (err: unknown) => void },
  ) {}

  start(): void {
    if (this.timer) return;
    const period = this.o.periodMs ?? RETENTION_PERIOD_MS;
    const first = setTimeout(() => {
      void this.pass().catch((err: unknown) => this.o.onError?.(err));
      this.timer = setInterval(() => void this.pass().catch((err: unknown) => this.o.onError?.(err)), period);
      this.timer.unref?.();
    }, Math.min(FIRST_PASS_MS, period));
    first.unref?.();
    this.timer = first;
  }

  pass(now: Date = new Date()): Promise<RetentionPassResult> {
    this.running ??= runRetentionPass(this.o.db, now)
      .then((r) => {
        if (r.runs > 0) this.o.onPass?.(r);
        return r;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      clearInterval(this.timer);
    }
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
