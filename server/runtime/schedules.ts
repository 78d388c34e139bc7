import type { Db } from "@/server/db";
import { ScheduleTicker } from "@/server/triggers/schedule/ticker";
import { errorText, logger } from "@/server/log";
import { env } from "@/server/env";
import { logScheduleOutcome } from "./schedule-log";
import { RetentionTicker } from "@/server/services/retention/retention-ticker";
import { DeliveryTicker } from "@/server/services/webhook-subscriptions/delivery-ticker";
import { FailureAlertTicker } from "@/server/services/failure-alerts/ticker";

/**
 * Period of the schedule ticker: a scheduled run starts at most this late. In
 * queue mode schedules fire through delayed jobs (server/queue/bullmq.ts) and the
 * ticker's database pass is only the safety net, every QUEUE_SWEEP_MS.
 */
export const SCHEDULE_TICK_MS = 1_000;

export function scheduleTickMs(): number {
  const e = env();
  return e.QUEUE_MODE === "bullmq" ? Math.max(SCHEDULE_TICK_MS, e.QUEUE_SWEEP_MS) : SCHEDULE_TICK_MS;
}

let ticker: ScheduleTicker | null = null;
let retention: RetentionTicker | null = null;
let deliveries: DeliveryTicker | null = null;
let failureAlerts: FailureAlertTicker | null = null;

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
    periodMs: scheduleTickMs(),
    onError: (err) => log.error({ error: errorText(err) }, "schedule tick failed"),
    onTick: (outcomes) => {
      for (const o of outcomes) logScheduleOutcome(log, o);
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
  // Failure alerts: scan failed runs into alerts and send them (in-app, email, chosen subscriptions), every few seconds (server/services/failure-alerts).
  failureAlerts = new FailureAlertTicker({
    db,
    onPass: (r) => log.info({ ...r }, "failure alerts"),
    onError: (err) => log.error({ error: errorText(err) }, "failure alert pass failed"),
  });
  failureAlerts.start();
  return ticker;
}

/** Graceful shutdown: no schedule tick, retention, delivery or failure-alert pass starts after this; resolves when the current ones ended. */
export async function stopScheduleTicker(): Promise<void> {
  const t = ticker;
  const r = retention;
  const d = deliveries;
  const f = failureAlerts;
  ticker = null;
  retention = null;
  deliveries = null;
  failureAlerts = null;
  await Promise.all([t?.stop(), r?.stop(), d?.stop(), f?.stop()]);
}
