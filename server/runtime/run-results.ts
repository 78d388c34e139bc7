/**
 * In-process completion signal of runs: the embedded dispatcher publishes every
 * execution result (process.ts wires `onResult`), and a webhook waiting for
 * its run's answer subscribes to one run id instead of polling the database.
 * Kept on globalThis: Next.js and the ingress may load this module separately.
 */
export interface RunResultEvent {
  kind: string;
  status?: string;
}
type Listener = (event: RunResultEvent) => void;
const KEY = Symbol.for("switchyard.runtime.run-results");

function listeners(): Map<string, Set<Listener>> {
  const g = globalThis as unknown as Record<symbol, Map<string, Set<Listener>> | undefined>;
  let m = g[KEY];
  if (!m) {
    m = new Map();
    g[KEY] = m;
  }
  return m;
}

/** Called by the dispatcher after each execution of a run (finished, paused, requeued …). */
export function publishRunResult(runId: string, event: RunResultEvent): void {
  const set = listeners().get(runId);
  if (!set) return;
  for (const l of [...set]) {
    try {
      l(event);
    } catch {
      // A listener's failure must not affect the dispatcher.
    }
  }
}

/** Subscribes to one run's results; returns the unsubscribe function. */
export function onRunResult(runId: string, listener: Listener): () => void {
  const m = listeners();
  let set = m.get(runId);
  if (!set) {
    set = new Set();
    m.set(runId, set);
  }
  set.add(listener);
  return () => {
    const s = m.get(runId);
    if (!s) return;
    s.delete(listener);
    if (s.size === 0) m.delete(runId);
  };
}
