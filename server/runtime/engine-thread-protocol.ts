/**
 * Messages between the main thread (HTTP: ingress + Next.js) and the engine
 * thread (dispatcher + schedule ticker) of `npm start`. Only hints and
 * notifications travel here: the database stays the source of truth, so a lost
 * message delays a run by at most one dispatcher tick and loses nothing.
 */
import type { RunChangeHint } from "./run-changes";
import type { EngineStatsMessage } from "@/server/ops/engine-thread-stats";
import type { StopSummary } from "@/server/queue/dispatcher";

export type HostToEngine =
  /** a run was created or resumed on the main thread (signalRun): claim sooner */
  | { type: "signal"; runId: string; at?: number }
  /** cancel requested on the main thread: abort the step in flight at once */
  | { type: "cancel"; runId: string }
  /** graceful stop: steps in flight get SHUTDOWN_GRACE_MS to finish, the runs still in a step after that are handed back */
  | { type: "stop" };

export type EngineToHost =
  | { type: "ready" }
  | { type: "failed"; error: string }
  /** one execution of a run ended (finished, paused, requeued …): wakes webhook callers waiting for it */
  | { type: "result"; runId: string; kind: string; status?: string }
  /** runs changed on the thread (commits, status changes, runs it created), coalesced per run per 50 ms: live updates */
  | { type: "changes"; changes: RunChangeHint[] }
  /** about once a second: engine status (readiness) and cumulative engine metrics when they changed (server/ops) */
  | EngineStatsMessage
  /** the graceful stop is over (summary: what happened to the runs executing when it began; absent if it failed) */
  | { type: "stopped"; summary?: StopSummary };
