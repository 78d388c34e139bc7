import { onRunResult, recentRunResult } from "@/server/runtime/run-results";

/**
 * Backpressure for the webhook ingress. Accepting a webhook costs far less
 * than executing its run, so under a flood the ingress could queue runs faster
 * than the engine executes them — an ever-growing backlog whose newest runs
 * start minutes late. Instead, once `maxBacklog` runs accepted here are still
 * waiting for their first execution, new requests wait (their HTTP answer is
 * delayed: senders slow down to the engine's pace) until the engine has caught
 * up; after `maxWaitMs` the request is refused with 503 + Retry-After, which
 * webhook senders retry.
 *
 * Counted from this process's completion signal (run-results: the embedded
 * engine or the engine thread report every execution), so it applies only
 * where the engine runs in the same process. An entry is forgotten after
 * `forgetMs` in any case (a lost signal cannot block the ingress).
 */
export interface Admission {
  /** Resolves true when a run may be created now, false when the backlog stayed full for maxWaitMs. */
  admit(): Promise<boolean>;
  /** A run was created by the ingress: counted until its first execution ends. */
  created(runId: string): void;
  backlog(): number;
}

export function createAdmission(o: { maxBacklog: number; maxWaitMs: number; forgetMs?: number; now?: () => number }): Admission {
  const now = o.now ?? Date.now;
  const forgetMs = o.forgetMs ?? 60_000;
  const outstanding = new Map<string, number>();
  const waiters: Array<() => void> = [];

  const prune = () => {
    const cutoff = now() - forgetMs;
    for (const [id, at] of outstanding) {
      if (at >= cutoff) break; // insertion order = age order
      outstanding.delete(id);
    }
  };
  const release = () => {
    while (waiters.length > 0 && outstanding.size < o.maxBacklog) waiters.shift()!();
  };

  return {
    async admit() {
      if (o.maxBacklog <= 0) return true;
      prune();
      if (outstanding.size < o.maxBacklog && waiters.length === 0) return true;
      return new Promise<boolean>((resolve) => {
        const go = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          const i = waiters.indexOf(go);
          if (i >= 0) waiters.splice(i, 1);
          prune();
          release();
          resolve(outstanding.size < o.maxBacklog);
        }, o.maxWaitMs);
        timer.unref?.();
        waiters.push(go);
      });
    },
    created(runId) {
      if (o.maxBacklog <= 0 || recentRunResult(runId)) return;
      outstanding.set(runId, now());
      const off = onRunResult(runId, () => {
        off();
        if (outstanding.delete(runId)) release();
      });
    },
    backlog: () => outstanding.size,
  };
}
