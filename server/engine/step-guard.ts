import { StepAbort } from "./step-runner";
import type { RunStore, StepRecord } from "./store";

/**
 * Watches one step while it executes:
 * - after `runningAfterMs` writes a RUNNING StepRun (fenced), so a long step is
 *   visible and, after a crash, is marked interrupted and retried with the same
 *   idempotency key. Fast steps never pay for this write.
 * - renews the lease every `heartbeatMs`; a lost lease or a cancel request from
 *   another process aborts the step through `abort`.
 */
export interface StepGuardOptions {
  store: RunStore;
  runId: string;
  token: string;
  leaseMs: number;
  heartbeatMs: number;
  runningAfterMs: number;
  /** null: do not write a RUNNING row (the step already has one, e.g. a resumed wait) */
  runningRecord: (() => StepRecord) | null;
  now: () => Date;
  abort: (reason: StepAbort) => void;
  log?: (message: string, err: unknown) => void;
}

export interface StepGuard {
  /** Stops the timers; true when a RUNNING row was written. */
  stop(): Promise<boolean>;
}

export function startStepGuard(o: StepGuardOptions): StepGuard {
  let recorded = false;
  let pending: Promise<void> = Promise.resolve();
  let stopped = false;
  const chain = (fn: () => Promise<void>) => {
    pending = pending.then(fn).catch((err: unknown) => o.log?.("step guard write failed", err));
  };

  const recordTimer =
    o.runningRecord === null
      ? undefined
      : setTimeout(() => {
          const record = o.runningRecord;
          if (stopped || !record) return;
          chain(async () => {
            const ok = await o.store.recordRunning(o.runId, o.token, record());
            if (!ok) o.abort(new StepAbort("lease", "The run's lease was lost"));
            else recorded = true;
          });
        }, o.runningAfterMs);

  const beat = setInterval(() => {
    if (stopped) return;
    chain(async () => {
      const r = await o.store.heartbeat(o.runId, o.token, o.leaseMs, o.now());
      if (r === "cancel-requested") o.abort(new StepAbort("cancel", "Run cancelled"));
      else if (r === "lost") o.abort(new StepAbort("lease", "The run's lease was lost"));
    });
  }, o.heartbeatMs);

  return {
    async stop() {
      stopped = true;
      if (recordTimer) clearTimeout(recordTimer);
      clearInterval(beat);
      await pending;
      return recorded;
    },
  };
}
