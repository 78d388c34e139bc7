import { stepList, type RunStore } from "@/server/engine/store";
import { recordCrashLoop, recordRunFinished, recordRunStarted, recordStep, recordTakeover } from "./metrics";

/**
 * Wraps the engine's run store so that what it commits is counted
 * (server/ops/metrics.ts): a claim of a RUNNING run is a lease takeover; the
 * commit that writes `startedAt` (the first one of a run, exactly once) starts
 * it; a commit to a final status finishes it (CRASH_LOOP also counts as a
 * crash-loop failure); every step row written with a final outcome and a
 * duration feeds the step-duration histogram. Counted only after the write
 * succeeded, so a fenced-out worker counts nothing. The engine knows nothing
 * about it (composition: server/runtime/runtime.ts).
 */
const FINAL_RUN = new Set(["COMPLETED", "FAILED", "SKIPPED", "CANCELLED"]);
const FINAL_STEP = new Set(["SUCCEEDED", "FAILED"]);
const MAX_TRACKED = 10_000;

export function meterRunStore(store: RunStore): RunStore {
  // trigger type of the runs this store claimed (until their lease is released)
  const triggers = new Map<string, string>();
  return {
    ...store,
    async claim(target, owner, token, leaseMs, now) {
      const run = await store.claim(target, owner, token, leaseMs, now);
      if (run) {
        if (triggers.size >= MAX_TRACKED) triggers.clear();
        triggers.set(run.id, run.triggerType ?? "unknown");
        if (run.prevStatus === "RUNNING") recordTakeover();
      }
      return run;
    },
    async commit(runId, token, patch, steps, opts) {
      const result = await store.commit(runId, token, patch, steps, opts);
      if (result === "ok") {
        const trigger = triggers.get(runId) ?? "unknown";
        if (patch.startedAt) recordRunStarted(trigger);
        for (const s of stepList(steps)) if (s.durationMs !== null && FINAL_STEP.has(s.status)) recordStep(s.nodeType, s.status, s.durationMs);
        if (patch.status && FINAL_RUN.has(patch.status)) {
          recordRunFinished(patch.status, trigger);
          if (patch.errorCode === "CRASH_LOOP") recordCrashLoop();
        }
      }
      if (result === "lost" || (result === "ok" && patch.releaseLease)) triggers.delete(runId);
      return result;
    },
    async release(runId, token, now, actor, reason) {
      const result = await store.release(runId, token, now, actor, reason);
      triggers.delete(runId);
      return result;
    },
  };
}
