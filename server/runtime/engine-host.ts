import { Worker } from "node:worker_threads";
import { installWriteLock, releaseWriteLockOf } from "@/server/db/write-lock";
import { setCancelForwarder } from "@/server/engine/local-control";
import { setRunSignalHandler } from "@/server/queue/signal";
import type { EngineToHost, HostToEngine } from "./engine-thread-protocol";
import { errorText, logger } from "@/server/log";
import { markEngineHostedElsewhere } from "./process";
import { publishRunResult } from "./run-results";
import { ingestRunChanges } from "./run-changes";
import { createEngineStatsReceiver } from "@/server/ops/engine-thread-stats";
import { env } from "@/server/env";
import type { StopSummary } from "@/server/queue/dispatcher";

/**
 * Runs the engine (dispatcher + schedule ticker) on a worker thread of this
 * process, so the HTTP front (webhook ingress + Next.js) and run execution use
 * both cores. Each thread has its own database connection; the main thread
 * forwards its wake-ups (signalRun) and cancel requests, and receives every
 * execution result (publishRunResult: webhooks waiting for their run) and the
 * thread's run changes (ingestRunChanges: live updates).
 *
 * If the thread dies (a fatal error), it is started again after a short
 * backoff: its runs are in the database and are taken over when their leases
 * expire. stop() drains it gracefully (running steps finish, runs go back to
 * QUEUED; after SHUTDOWN_GRACE_MS the runs still in a step are handed back), like
 * SIGTERM does for an in-process engine.
 */
export interface EngineHost {
  /** Graceful stop (see stopEngine in process.ts); null when the thread had to be terminated or was not running. */
  stop(): Promise<StopSummary | null>;
}

/** From source: a small .mjs that registers tsx, then loads engine-thread.ts. */
const SOURCE_ENTRY = new URL("./engine-thread-entry.mjs", import.meta.url);
/** beyond the grace: the thread's own hand-back writes and exit */
const STOP_MARGIN_MS = 5_000;

/** `entry`: the engine thread's module (the bundled server passes its own; default: from source through tsx). */
export async function startEngineThread(o: { entry?: URL } = {}): Promise<EngineHost> {
  const entry = o.entry ?? SOURCE_ENTRY;
  const log = logger();
  // The thread's periodic reports: /api/ready reads its status, /api/metrics its engine metrics (server/ops).
  const stats = createEngineStatsReceiver();
  markEngineHostedElsewhere(() => stats.status());
  // Both threads write the same SQLite file: they take turns on this mutex instead of SQLite's sleeping busy handler.
  const writeLock = installWriteLock();
  let worker: Worker | null = null;
  let stopping = false;
  let restarts = 0;
  let stopped: ((summary: StopSummary | null) => void) | null = null;

  const post = (m: HostToEngine) => worker?.postMessage(m);
  setRunSignalHandler((runId, at) => post({ type: "signal", runId, ...(at ? { at: at.getTime() } : {}) }));
  setCancelForwarder((runId) => post({ type: "cancel", runId }));

  const spawn = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const w = new Worker(entry, { name: "switchyard-engine", workerData: { writeLock } });
      worker = w;
      const tid = w.threadId;
      let ready = false;
      w.on("message", (m: EngineToHost) => {
        if (m.type === "result") publishRunResult(m.runId, { kind: m.kind, ...(m.status ? { status: m.status } : {}) });
        else if (m.type === "changes") ingestRunChanges(m.changes);
        else if (m.type === "stats") stats.onStats(String(tid), m);
        else if (m.type === "ready") {
          ready = true;
          restarts = 0;
          resolve();
        } else if (m.type === "failed") {
          log.error({ error: m.error }, "engine thread failed to start");
          if (!ready) reject(new Error(`engine thread failed to start: ${m.error}`));
        } else if (m.type === "stopped") stopped?.(m.summary ?? null);
      });
      w.on("error", (err) => log.error({ err }, "engine thread crashed"));
      w.on("exit", (code) => {
        if (worker === w) worker = null;
        releaseWriteLockOf(tid);
        stats.onExit(String(tid), stopping);
        if (stopping) {
          stopped?.(null);
          return;
        }
        if (!ready) {
          reject(new Error(`engine thread exited during start (code ${code})`));
          return;
        }
        // Unexpected: start a new one; runs of the dead thread are taken over when their leases expire.
        const delay = Math.min(30_000, 500 * 2 ** restarts++);
        log.error({ code, inMs: delay }, "engine thread exited; restarting");
        setTimeout(() => {
          if (!stopping) spawn().catch((err: unknown) => log.error({ error: errorText(err) }, "engine thread restart failed"));
        }, delay).unref();
      });
    });

  await spawn();
  log.info("engine thread started");

  return {
    async stop() {
      if (stopping) return null;
      stopping = true;
      stats.onStop();
      setRunSignalHandler(null);
      setCancelForwarder(null);
      const w = worker;
      if (!w) return null;
      const summary = await new Promise<StopSummary | null>((resolve) => {
        const timer = setTimeout(() => {
          log.warn("engine thread did not stop in time; terminating it (its runs are taken over after their leases)");
          void w.terminate().then(() => resolve(null));
        }, env().SHUTDOWN_GRACE_MS + STOP_MARGIN_MS);
        stopped = (s) => {
          clearTimeout(timer);
          resolve(s);
        };
        w.postMessage({ type: "stop" } satisfies HostToEngine);
      });
      log.info("engine thread stopped");
      return summary;
    },
  };
}
