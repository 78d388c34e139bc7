import { parentPort, workerData } from "node:worker_threads";
import { installWriteLock } from "@/server/db/write-lock";
import { requestLocalCancel } from "@/server/engine/local-control";
import type { EngineToHost, HostToEngine } from "./engine-thread-protocol";
import { startEngine, stopEngine } from "./process";
import { setRunChangeForwarder } from "./run-changes";
import { startEngineStats } from "@/server/ops/engine-thread-stats";

/**
 * The engine thread of `npm start` (started by engine-host.ts through
 * engine-thread-entry.mjs): the embedded dispatcher and the schedule ticker on
 * this thread's own database connection, so that run execution uses the second
 * core while the main thread serves HTTP. Runs created here (child runs,
 * schedules) wake the dispatcher directly; the main thread's wake-ups, cancel
 * requests and stop arrive as messages; execution results and run changes
 * (live updates) go back to it.
 */
const port = parentPort;
if (!port) throw new Error("engine-thread.ts runs only as a worker thread (see server/runtime/engine-host.ts)");

const send = (m: EngineToHost) => port.postMessage(m);
const data = workerData as { writeLock?: SharedArrayBuffer } | null;
if (data?.writeLock) installWriteLock(data.writeLock);
// Run changes on this thread (coalesced) go to the main thread, which serves the live streams.
setRunChangeForwarder((changes) => send({ type: "changes", changes }));

startEngine({
  handleSignals: false,
  onResult: (runId, result) => send({ type: "result", runId, kind: result.kind, ...("status" in result && typeof result.status === "string" ? { status: result.status } : {}) }),
}).then(
  (runtime) => {
    port.on("message", (m: HostToEngine) => {
      // Straight to the dispatcher (not signalRun): the main thread already announced the change.
      if (m.type === "signal") runtime.dispatcher.enqueue(m.runId, m.at === undefined ? undefined : { at: new Date(m.at) });
      else if (m.type === "cancel") requestLocalCancel(m.runId);
      else if (m.type === "stop") {
        // Graceful: tickers stop, steps in flight get the grace period, the rest is handed back.
        void stopEngine()
          .then(
            (summary) => send({ type: "stopped", summary }),
            () => send({ type: "stopped" }),
          )
          .finally(() => port.close());
      }
    });
    send({ type: "ready" });
    // Status and metrics for the main thread's /api/ready and /api/metrics (server/ops).
    startEngineStats(send);
  },
  (err: unknown) => {
    send({ type: "failed", error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    port.close();
  },
);
