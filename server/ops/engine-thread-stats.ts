import { engineStatus } from "@/server/runtime/process";
import { engineDown, type EngineStatus } from "./engine-status";
import { engineMetricsSnapshot, ingestEngineMetrics, retireEngineMetrics, type MetricsSnapshot } from "./metrics";

/**
 * The engine thread of `npm start` reports to the main thread about once a
 * second (one message, not one per step): its engine status (readiness) and,
 * when they changed, its cumulative engine metrics (the main thread's
 * /api/metrics sums them with its own). A report that stops coming marks the
 * engine down in /api/ready.
 */
export interface EngineStatsMessage {
  type: "stats";
  status: EngineStatus | null;
  metrics?: MetricsSnapshot;
}

export const STATS_PERIOD_MS = 1_000;
/** no report for this long: the thread's event loop is stuck (a step longer than CODE_TIMEOUT_MS cannot block it this long) */
export const STATS_STALE_MS = 10_000;

/** Engine thread: starts the periodic report (the first one at once). */
export function startEngineStats(send: (m: EngineStatsMessage) => void, periodMs = STATS_PERIOD_MS): { stop(): void } {
  let version = -1;
  let busy = false;
  const report = async () => {
    if (busy) return;
    busy = true;
    try {
      const changed = await engineMetricsSnapshot(version);
      if (changed) version = changed.version;
      send({ type: "stats", status: engineStatus(), ...(changed ? { metrics: changed.snapshot } : {}) });
    } catch {
      // the port closed (stopping): nothing to report to
    } finally {
      busy = false;
    }
  };
  void report();
  const timer = setInterval(() => void report(), periodMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Main thread (engine-host.ts): keeps the last report of the engine thread; its status() is what /api/ready reads. */
export function createEngineStatsReceiver(o: { staleMs?: number; now?: () => number } = {}) {
  const now = o.now ?? Date.now;
  const staleMs = o.staleMs ?? STATS_STALE_MS;
  let last: { source: string; status: EngineStatus | null; at: number } | null = null;
  let state: "starting" | "up" | "restarting" | "stopped" = "starting";
  return {
    onStats(source: string, m: EngineStatsMessage): void {
      if (m.metrics) ingestEngineMetrics(source, m.metrics);
      if (state === "stopped") return;
      last = { source, status: m.status, at: now() };
      state = "up";
    },
    /** stop() began (graceful stop): not ready from now on, whatever the thread still reports */
    onStop(): void {
      state = "stopped";
    },
    /** the thread exited: its counts stay in the totals; down until the next one reports */
    onExit(source: string, stopping: boolean): void {
      retireEngineMetrics(source);
      if (last?.source === source) last = null;
      if (state !== "stopped") state = stopping ? "stopped" : "restarting";
    },
    status(): EngineStatus {
      if (state === "stopped") return engineDown("the engine thread is stopping or has stopped");
      if (!last) return engineDown(state === "restarting" ? "the engine thread exited and is restarting" : "the engine thread is starting");
      const age = now() - last.at;
      if (age > staleMs) return engineDown(`no report from the engine thread for ${Math.round(age / 1000)} s`);
      return last.status ?? engineDown("the engine thread has not started its engine");
    },
  };
}
