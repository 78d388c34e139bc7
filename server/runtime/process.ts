import { dbReady } from "@/server/db";
import { env } from "@/server/env";
import { createEngineRuntime, type EngineRuntime } from "./runtime";
import { logger } from "@/server/log";
import { startScheduleTicker } from "./schedules";
import { engineStatusOf, type EngineStatus } from "@/server/ops/engine-status";
import type { ScheduleTicker } from "@/server/triggers/schedule/ticker";
import { publishRunResult } from "./run-results";

/**
 * The process-wide engine runtime on the app database (env().DATABASE_URL).
 * startEngine() starts the embedded dispatcher and ticker once per process and
 * stops them gracefully on SIGTERM/SIGINT (runs in flight finish their step and
 * go back to QUEUED). Kept on globalThis: Next.js may load modules more than once.
 */
const KEY = Symbol.for("switchyard.engine.runtime");
type Slot = {
  runtime?: EngineRuntime;
  started?: Promise<EngineRuntime>;
  hostedElsewhere?: boolean;
  ticker?: ScheduleTicker;
  /** the engine thread's last report (engine-host.ts) */
  hostedStatus?: () => EngineStatus;
};
type ResultListener = NonNullable<Parameters<typeof createEngineRuntime>[0]["onResult"]>;

function slot(): Slot {
  const g = globalThis as unknown as Record<symbol, Slot | undefined>;
  let s = g[KEY];
  if (!s) {
    s = {};
    g[KEY] = s;
  }
  return s;
}

/**
 * The runtime without starting the dispatcher (e.g. the execute route in a
 * web-only process). `onResult` receives every execution result (default: this
 * process's completion signal; the engine thread forwards them to the main thread).
 */
export async function getEngineRuntime(opts: { onResult?: ResultListener } = {}): Promise<EngineRuntime> {
  const s = slot();
  if (!s.runtime) {
    const db = await dbReady();
    s.runtime ??= createEngineRuntime({ db, listenUrl: env().DATABASE_URL, onResult: opts.onResult ?? publishRunResult });
  }
  return s.runtime;
}

/**
 * The engine of this process runs on another thread (server/runtime/engine-host.ts):
 * startEngine() called afterwards (Next.js instrumentation) must not start a second one here.
 */
export function markEngineHostedElsewhere(status?: () => EngineStatus): void {
  const s = slot();
  s.hostedElsewhere = true;
  if (status) s.hostedStatus = status;
}

/**
 * The engine's status for the readiness probe (server/ops): this process's
 * dispatcher and ticker, or the engine thread's last report; null when this
 * process has not started an engine.
 */
export function engineStatus(): EngineStatus | null {
  const s = slot();
  if (s.hostedStatus) return s.hostedStatus();
  if (!s.started) return null;
  return engineStatusOf(s.runtime?.dispatcher, s.ticker);
}

export function engineHostedElsewhere(): boolean {
  return slot().hostedElsewhere === true;
}

/**
 * Starts the dispatcher and the schedule ticker once. `exitOnSignal`: exit the
 * process after a graceful stop on SIGTERM/SIGINT. `handleSignals: false` (the
 * engine thread): no signal handlers, the host stops the runtime.
 */
export function startEngine(opts: { exitOnSignal?: boolean; handleSignals?: boolean; onResult?: ResultListener } = {}): Promise<EngineRuntime> {
  const s = slot();
  s.started ??= (async () => {
    const runtime = await getEngineRuntime({ onResult: opts.onResult });
    await runtime.dispatcher.start();
    s.ticker = startScheduleTicker(runtime.db);
    const e = env();
    logger().info({ concurrency: e.ENGINE_CONCURRENCY, tickMs: e.ENGINE_TICK_MS, leaseMs: e.ENGINE_LEASE_MS }, "engine started");
    if (opts.handleSignals === false) return runtime;
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      // A second signal while draining (e.g. from the process group and from a wrapper relaying it) must not kill us mid-stop.
      if (stopping) return;
      stopping = true;
      logger().info({ signal }, "engine stopping");
      // Listening to a signal disables Node's default exit: exit ourselves unless someone else (Next.js) handles it.
      const exit = opts.exitOnSignal || process.listenerCount(signal) === 1;
      void runtime.dispatcher.stop().then(
        () => {
          logger().info("engine stopped");
          if (exit) process.exit(0);
        },
        () => {
          if (exit) process.exit(1);
        },
      );
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
    return runtime;
  })();
  return s.started;
}
