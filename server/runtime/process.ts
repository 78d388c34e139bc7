import { dbReady } from "@/server/db";
import { env } from "@/server/env";
import { createEngineRuntime, createQueueProducer, type EngineRuntime } from "./runtime";
import { logger } from "@/server/log";
import { startScheduleTicker, stopScheduleTicker } from "./schedules";
import { handleShutdownSignals } from "./shutdown";
import type { StopSummary } from "@/server/queue/dispatcher";
import { engineStatusOf, type EngineStatus } from "@/server/ops/engine-status";
import type { ScheduleTicker } from "@/server/triggers/schedule/ticker";
import { publishRunResult } from "./run-results";

/**
 * The process-wide engine runtime on the app database (env().DATABASE_URL).
 * startEngine() starts the embedded dispatcher and ticker once per process and
 * stops them gracefully on SIGTERM/SIGINT (server/runtime/shutdown.ts: steps in
 * flight get SHUTDOWN_GRACE_MS to finish, the runs still in a step after that are
 * handed back). Kept on globalThis: Next.js may load modules more than once.
 */
const KEY = Symbol.for("switchyard.engine.runtime");
type Slot = {
  runtime?: EngineRuntime;
  started?: Promise<EngineRuntime>;
  hostedElsewhere?: boolean;
  ticker?: ScheduleTicker;
  /** the engine thread's last report (engine-host.ts) */
  hostedStatus?: () => EngineStatus;
  /** QUEUE_MODE=bullmq without the engine: the wake-up job producer */
  producer?: Promise<{ stop(): Promise<unknown> }>;
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
 * process (code 0) after a graceful stop on SIGTERM/SIGINT. `handleSignals: false` (the
 * engine thread): no signal handlers, the host stops the runtime.
 */
export function startEngine(opts: { exitOnSignal?: boolean; handleSignals?: boolean; onResult?: ResultListener } = {}): Promise<EngineRuntime> {
  const s = slot();
  s.started ??= (async () => {
    const runtime = await getEngineRuntime({ onResult: opts.onResult });
    const e = env();
    // Before the first claim: a SIGTERM that arrives once a step runs must find the handlers
    // (Node's default would kill the process mid-step). stopEngine waits for this start.
    // Listening to a signal disables Node's default exit: exit ourselves unless someone else (Next.js) handles it.
    if (opts.handleSignals !== false) {
      handleShutdownSignals({
        graceMs: e.SHUTDOWN_GRACE_MS,
        drain: async () => ({ ...(await stopEngine()) }),
        exitAfter: (signal) => opts.exitOnSignal === true || process.listenerCount(signal) === 1,
      });
    }
    await runtime.dispatcher.start();
    s.ticker = startScheduleTicker(runtime.db);
    logger().info({ concurrency: e.ENGINE_CONCURRENCY, tickMs: e.ENGINE_TICK_MS, leaseMs: e.ENGINE_LEASE_MS }, "engine started");
    return runtime;
  })();
  return s.started;
}

/**
 * Graceful stop of this process's engine (SIGTERM/SIGINT, or the engine thread's
 * "stop" message): the schedule and retention tickers stop at once, the dispatcher
 * stops claiming, steps in flight get `graceMs` (default SHUTDOWN_GRACE_MS) and
 * the runs still in a step after that are handed back (EmbeddedDispatcher.stop).
 */
export async function stopEngine(o: { graceMs?: number } = {}): Promise<StopSummary> {
  const s = slot();
  const none: StopSummary = { inFlight: 0, finished: 0, handedBack: 0, abandoned: 0 };
  if (!s.started) return none;
  const runtime = await s.started;
  const [, summary] = await Promise.all([stopScheduleTicker(), runtime.dispatcher.stop({ graceMs: o.graceMs ?? env().SHUTDOWN_GRACE_MS })]);
  return summary;
}

/**
 * QUEUE_MODE=bullmq in a process that does not run the engine (ENGINE_EMBEDDED=false):
 * runs created or resumed here get a wake-up job in Redis (a Queue, no Worker). Once
 * per process; returns its stop function, or null when this process needs none
 * (embedded mode: no Redis connection at all; or the engine runs here).
 */
export function startQueueProducer(): Promise<(() => Promise<void>) | null> {
  const e = env();
  if (e.ENGINE_EMBEDDED || e.QUEUE_MODE !== "bullmq") return Promise.resolve(null);
  const s = slot();
  s.producer ??= (async () => {
    const producer = createQueueProducer();
    await producer.start();
    logger().info({ queuePrefix: e.QUEUE_PREFIX }, "queue producer started: runs are executed by workers (npm run worker)");
    return producer;
  })();
  const started = s.producer;
  return started.then(() => async () => {
    await (await started).stop();
  });
}
