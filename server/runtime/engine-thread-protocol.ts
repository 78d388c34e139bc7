/**
 * Messages between the main thread (HTTP: ingress + Next.js) and the engine
 * thread (dispatcher + schedule ticker) of `npm start`. Only hints and
 * notifications travel here: the database stays the source of truth, so a lost
 * message delays a run by at most one dispatcher tick and loses nothing.
 */
import type { RunChangeHint } from "./run-changes";
import type { EngineStatsMessage } from "@/server/ops/engine-thread-stats";

export type HostToEngine =
  /** a run was created or resumed on the main thread (signalRun): claim sooner */
  | { type: "signal"; runId: string; at?: number }
  /** cancel requested on the main thread: abort the step in flight at once */
  | { type: "cancel"; runId: string }
  /** graceful stop: running steps finish, their runs go back to QUEUED */
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
  | { type: "stopped" };
