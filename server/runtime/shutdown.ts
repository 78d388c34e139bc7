import { constants } from "node:os";
import { errorText, logger } from "@/server/log";

/**
 * Graceful shutdown of a Switchyard process (scripts/serve.ts, scripts/worker.ts,
 * startEngine): the first SIGTERM/SIGINT starts the drain — the process stops
 * taking work (no new claims, no schedule ticks, no new connections, /api/ready
 * answers 503 "shutting down"), lets steps in flight finish within
 * SHUTDOWN_GRACE_MS, hands the rest back (released leases) and exits 0. A second
 * signal during the drain exits at once with 128 + the signal number (130 for
 * SIGINT, 143 for SIGTERM); the runs it leaves behind are taken over when their
 * leases expire. A signal repeated within `dedupeMs` of the first is the same
 * one delivered twice (a terminal's Ctrl-C reaches the whole process group, and
 * `npm run …` relays it to its child again), not a second request.
 */
const KEY = Symbol.for("switchyard.shutdown.draining");

/** This process (thread) is draining: probes answer 503, webhooks in wait mode do not wait. */
export function isDraining(): boolean {
  return (globalThis as unknown as Record<symbol, boolean | undefined>)[KEY] === true;
}

export function beginDrain(): void {
  (globalThis as unknown as Record<symbol, boolean>)[KEY] = true;
}

/** Tests only. */
export function resetDrainForTests(): void {
  (globalThis as unknown as Record<symbol, boolean>)[KEY] = false;
}

export type DrainCounts = Record<string, number | string | boolean>;

export interface ShutdownSignalOptions {
  /** drains this process; resolves with the counts logged at exit */
  drain: (signal: NodeJS.Signals) => Promise<DrainCounts>;
  /** for the log line */
  graceMs: number;
  /** whether to exit after the drain (default true); false: someone else (Next.js) ends the process */
  exitAfter?: (signal: NodeJS.Signals) => boolean;
  /** a repeat within this window is the same signal (default 500 ms) */
  dedupeMs?: number;
  exit?: (code: number) => void;
}

const SIGNALS = ["SIGTERM", "SIGINT"] as const;

export function handleShutdownSignals(o: ShutdownSignalOptions): void {
  const exit = o.exit ?? ((code: number) => process.exit(code));
  let first: number | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (first !== null) {
      if (Date.now() - first < (o.dedupeMs ?? 500)) return;
      const code = 128 + (constants.signals[signal] ?? 1);
      logger().warn({ signal, code }, "second signal during the drain: exiting now; runs still executing are taken over when their leases expire");
      exit(code);
      return;
    }
    first = Date.now();
    const t0 = first;
    beginDrain();
    logger().info({ signal, graceMs: o.graceMs }, "shutting down: no new work; steps in flight get the grace period, then their runs are handed back");
    o.drain(signal).then(
      (counts) => {
        logger().info({ ...counts, ms: Date.now() - t0 }, "shut down");
        if (o.exitAfter?.(signal) ?? true) exit(0);
      },
      (err: unknown) => {
        logger().error({ error: errorText(err), ms: Date.now() - t0 }, "graceful shutdown failed");
        exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
