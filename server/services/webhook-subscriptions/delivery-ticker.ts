import type { Db } from "@/server/db";
import { logger } from "@/server/log";
import { runDeliveryPass, type DeliveryPassResult } from "./deliver";
import { PRUNE_EVERY_MS, pruneDeliveredEvents, pruneOutgoingAttempts } from "./prune";

/** Period of the delivery loop: a due delivery (or a new event) is sent at most this late. */
export const DELIVERY_TICK_MS = 1_000;

/**
 * The delivery loop, started next to the schedule ticker in every process that
 * runs the engine. Passes never overlap within a process; several processes
 * share the work through the database (events claimed once, deliveries leased).
 * `onPass` (logged at info by server/runtime/schedules.ts) hears only of passes
 * that did something — fanned out events, attempted deliveries or pruned old
 * events; an idle pass, once a second, is a debug line at most.
 */
export class DeliveryTicker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<DeliveryPassResult & { pruned: number }> | null = null;
  private lastPrune = 0;

  constructor(private readonly o: { db: Db; periodMs?: number; onPass?: (r: DeliveryPassResult & { pruned: number }) => void; onError?: (err: unknown) => void }) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.running) void this.pass().catch((err: unknown) => this.o.onError?.(err));
    }, this.o.periodMs ?? DELIVERY_TICK_MS);
    this.timer.unref?.();
  }

  pass(now?: Date): Promise<DeliveryPassResult & { pruned: number }> {
    this.running ??= runDeliveryPass(this.o.db, { now })
      .then(async (r) => {
        const at = now ?? new Date();
        let pruned = 0;
        if (at.getTime() - this.lastPrune >= PRUNE_EVERY_MS) {
          this.lastPrune = at.getTime();
          pruned = (await pruneDeliveredEvents(this.o.db, at)) + (await pruneOutgoingAttempts(this.o.db, at));
        }
        const result = { ...r, pruned };
        if (r.attempted > 0 || r.fannedOut > 0 || pruned > 0) this.o.onPass?.(result);
        else {
          const log = logger();
          if (log.isLevelEnabled("debug")) log.debug(result, "webhook delivery pass: nothing to do");
        }
        return result;
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
