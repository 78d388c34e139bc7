import type { Db } from "@/server/db";
import { ScheduleTicker } from "@/server/triggers/schedule/ticker";
import { errorText, logger } from "@/server/log";
import { RetentionTicker } from "@/server/services/retention/retention-ticker";
import { DeliveryTicker } from "@/server/services/webhook-subscriptions/delivery-ticker";

/** period of the schedule ticker: a scheduled run starts at most this late */
export const SCHEDULE_TICK_MS = 1_000;

let ticker: ScheduleTicker | null = null;
let retention: RetentionTicker | null = null;
let deliveries: DeliveryTicker | null = null;

/**
 * Starts this process's schedule ticker once (with the engine: web process and
 * standalone workers alike). Every process may tick: each schedule tick is
 * claimed in the database by exactly one of them.
 */
export function startScheduleTicker(db: Db): ScheduleTicker {
  if (ticker) return ticker;
  const log = logger();
  ticker = new ScheduleTicker({
    db,
    periodMs: SCHEDULE_TICK_MS,
    onError: (err) => log.error({ error: errorText(err) }, "schedule tick failed"),
    onTick: (outcomes) => {
      for (const o of outcomes) {
        if (o.kind === "fired") log.info({ scheduleId: o.fire.scheduleId, kind: o.fire.kind, runs: o.fire.runsStarted, status: o.fire.status }, "schedule fired");
        if (o.kind === "error") log.error({ scheduleId: o.scheduleId, error: o.error }, "schedule fire failed");
      }
    },
  });
  ticker.start();
  // Run retention rides next to it: a pass every few minutes, in small batches (server/services/retention).
  retention = new RetentionTicker({ db, onPass: (r) => log.info({ ...r }, "runs pruned"), onError: (err) => log.error({ error: errorText(err) }, "run retention failed") });
  retention.start();
  // Outgoing webhooks (event subscriptions): the delivery loop, every second (server/services/webhook-subscriptions).
  deliveries = new DeliveryTicker({
    db,
    onPass: (r) => log.info({ ...r }, "webhook deliveries"),
    onError: (err) => log.error({ error: errorText(err) }, "webhook delivery pass failed"),
  });
  deliveries.start();
  return ticker;
}

/** Graceful shutdown: no schedule tick, retention or delivery pass starts after this; resolves when the current ones ended. */
export async function stopScheduleTicker(): Promise<void> {
  const t = ticker;
  const r = retention;
  const d = deliveries;
  ticker = null;
  retention = null;
  deliveries = null;
  await Promise.all([t?.stop(), r?.stop(), d?.stop()]);
}
