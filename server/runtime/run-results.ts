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

/** Runs that finished recently in this process (bounded): a subscriber that comes late still learns it. */
const RECENT_KEY = Symbol.for("switchyard.runtime.run-results.recent");
const RECENT_MAX = 4096;

function recent(): Map<string, RunResultEvent> {
  const g = globalThis as unknown as Record<symbol, Map<string, RunResultEvent> | undefined>;
  let m = g[RECENT_KEY];
  if (!m) {
    m = new Map();
    g[RECENT_KEY] = m;
  }
  return m;
}

/** The result of a run that finished in this process a short while ago, if any. */
export function recentRunResult(runId: string): RunResultEvent | undefined {
  return recent().get(runId);
}

/** Called by the dispatcher after each execution of a run (finished, paused, requeued …). */
export function publishRunResult(runId: string, event: RunResultEvent): void {
  if (event.kind === "finished") {
    const r = recent();
    r.set(runId, event);
    if (r.size > RECENT_MAX) r.delete(r.keys().next().value as string);
  }
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
