import type { Db } from "@/server/db";
import { runDeliveryPass, type DeliveryPassResult } from "./deliver";
import { PRUNE_EVERY_MS, pruneDeliveredEvents } from "./prune";

/** Period of the delivery loop: a due delivery (or a new event) is sent at most this late. */
export const DELIVERY_TICK_MS = 1_000;

/**
 * The delivery loop, started next to the schedule ticker in every process that
 * runs the engine. Passes never overlap within a process; several processes
 * share the work through the database (events claimed once, deliveries leased).
 */
export class DeliveryTicker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<DeliveryPassResult> | null = null;
  private lastPrune = 0;

  constructor(private readonly o: { db: Db; periodMs?: number; onPass?: (r: DeliveryPassResult) => void; onError?: (err: unknown) => void }) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.running) void this.pass().catch((err: unknown) => this.o.onError?.(err));
    }, this.o.periodMs ?? DELIVERY_TICK_MS);
    this.timer.unref?.();
  }

  pass(now?: Date): Promise<DeliveryPassResult> {
    this.running ??= runDeliveryPass(this.o.db, { now })
      .then(async (r) => {
        const at = now ?? new Date();
        if (at.getTime() - this.lastPrune >= PRUNE_EVERY_MS) {
          this.lastPrune = at.getTime();
          await pruneDeliveredEvents(this.o.db, at);
        }
        if (r.attempted > 0 || r.fannedOut > 0) this.o.onPass?.(r);
        return r;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
