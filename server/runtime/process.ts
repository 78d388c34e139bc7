import { dbReady } from "@/server/db";
import { env } from "@/server/env";
import { createEngineRuntime, type EngineRuntime } from "./runtime";
import { log } from "./log";
import { startScheduleTicker } from "./schedules";
import { publishRunResult } from "./run-results";

/**
 * The process-wide engine runtime on the app database (env().DATABASE_URL).
 * startEngine() starts the embedded dispatcher and ticker once per process and
 * stops them gracefully on SIGTERM/SIGINT (runs in flight finish their step and
 * go back to QUEUED). Kept on globalThis: Next.js may load modules more than once.
 */
const KEY = Symbol.for("switchyard.engine.runtime");
type Slot = { runtime?: EngineRuntime; started?: Promise<EngineRuntime> };

function slot(): Slot {
  const g = globalThis as unknown as Record<symbol, Slot | undefined>;
  let s = g[KEY];
  if (!s) {
    s = {};
    g[KEY] = s;
  }
  return s;
}

/** The runtime without starting the dispatcher (e.g. the execute route in a web-only process). */
export async function getEngineRuntime(): Promise<EngineRuntime> {
  const s = slot();
  if (!s.runtime) {
    const db = await dbReady();
    s.runtime ??= createEngineRuntime({ db, listenUrl: env().DATABASE_URL, onResult: publishRunResult });
  }
  return s.runtime;
}

export function startEngine(opts: { exitOnSignal?: boolean } = {}): Promise<EngineRuntime> {
  const s = slot();
  s.started ??= (async () => {
    const runtime = await getEngineRuntime();
    await runtime.dispatcher.start();
    startScheduleTicker(runtime.db);
    const e = env();
    log("info", "engine started", { concurrency: e.ENGINE_CONCURRENCY, tickMs: e.ENGINE_TICK_MS, leaseMs: e.ENGINE_LEASE_MS });
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      // A second signal while draining (e.g. from the process group and from a wrapper relaying it) must not kill us mid-stop.
      if (stopping) return;
      stopping = true;
      log("info", "engine stopping", { signal });
      // Listening to a signal disables Node's default exit: exit ourselves unless someone else (Next.js) handles it.
      const exit = opts.exitOnSignal || process.listenerCount(signal) === 1;
      void runtime.dispatcher.stop().then(
        () => {
          log("info", "engine stopped");
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
