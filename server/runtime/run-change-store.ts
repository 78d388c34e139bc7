import { stepList, type RunStore } from "@/server/engine/store";
import type { RunChangeHint } from "./run-changes";

/**
 * Wraps the engine's run store so that each successful write is announced as a
 * run change (server/runtime/run-changes.ts), after the write committed: a
 * claim (→ RUNNING), each step commit (steps, and the new status when the
 * commit set one), RUNNING step rows of long steps, takeovers, hand-backs, woken parents.
 * Costs a map lookup per write; the bus coalesces per run. The engine itself
 * knows nothing about it (composition: server/runtime/runtime.ts).
 */
const MAX_TRACKED = 10_000;

export function observeRunStore(store: RunStore, note: (hint: RunChangeHint) => void): RunStore {
  // runs claimed by this store: their workspace and automation, so notes need no lookup
  const claimed = new Map<string, { workspaceId: string; automationId: string }>();
  const facts = (runId: string) => claimed.get(runId) ?? {};
  return {
    ...store,
    async claim(target, owner, token, leaseMs, now) {
      const run = await store.claim(target, owner, token, leaseMs, now);
      if (run) {
        if (claimed.size >= MAX_TRACKED) claimed.clear();
        claimed.set(run.id, { workspaceId: run.workspaceId, automationId: run.automationId });
        // a takeover (RUNNING → RUNNING) changes no status; its takeOver() marks step rows
        if (run.prevStatus !== "RUNNING") note({ runId: run.id, workspaceId: run.workspaceId, automationId: run.automationId, status: "RUNNING" });
      }
      return run;
    },
    async commit(runId, token, patch, steps, opts) {
      const result = await store.commit(runId, token, patch, steps, opts);
      if (result === "ok") {
        const wroteSteps = stepList(steps).length > 0;
        if (patch.status !== undefined || wroteSteps) {
          note({ runId, ...facts(runId), ...(patch.status !== undefined ? { status: patch.status } : {}), ...(wroteSteps ? { steps: true } : {}) });
        }
      }
      if (result === "lost" || (result === "ok" && patch.releaseLease)) claimed.delete(runId);
      return result;
    },
    async recordRunning(runId, token, step) {
      const ok = await store.recordRunning(runId, token, step);
      if (ok) note({ runId, ...facts(runId), steps: true });
      return ok;
    },
    async takeOver(runId, token, now) {
      const result = await store.takeOver(runId, token, now);
      if (result.ok && result.interrupted.length > 0) note({ runId, ...facts(runId), steps: true });
      return result;
    },
    async release(runId, token, now, actor, reason) {
      const result = await store.release(runId, token, now, actor, reason);
      if (result.ok) note({ runId, ...facts(runId), status: "QUEUED", ...(result.interrupted.length > 0 ? { steps: true } : {}) });
      claimed.delete(runId);
      return result;
    },
    async wakeParent(parentRunId, childRunId) {
      const woken = await store.wakeParent(parentRunId, childRunId);
      if (woken) note({ runId: parentRunId, status: "QUEUED" });
      return woken;
    },
  };
}
