/**
 * Process-wide hook through which services (createRun, resumeRun, cancel) wake
 * the dispatcher after their transaction committed. No dispatcher in this
 * process (e.g. a web-only process): the signal is dropped and the worker's
 * ticker finds the run in the database. Kept on globalThis because Next.js may
 * load this module in several bundles.
 *
 * Observers (server/runtime/run-changes.ts: live updates) hear every signalled
 * run id too, and announceRunChange() tells them about a change that needs no
 * wake-up (e.g. a queued run cancelled at once).
 */
type Handler = (runId: string, at?: Date) => void;
type Observer = (runId: string) => void;
const KEY = Symbol.for("switchyard.queue.signal");

function slot(): { handler: Handler | null; observers?: Set<Observer> } {
  const g = globalThis as unknown as Record<symbol, { handler: Handler | null; observers?: Set<Observer> } | undefined>;
  let s = g[KEY];
  if (!s) {
    s = { handler: null };
    g[KEY] = s;
  }
  return s;
}

export function setRunSignalHandler(handler: Handler | null): void {
  slot().handler = handler;
}

/** Removes `handler` if it is still the registered one. */
export function clearRunSignalHandler(handler: Handler): void {
  if (slot().handler === handler) slot().handler = null;
}

function tellObservers(runId: string): void {
  const observers = slot().observers;
  if (!observers) return;
  for (const o of observers) {
    try {
      o(runId);
    } catch {
      // An observer's failure must not affect the caller.
    }
  }
}

export function signalRun(runId: string, at?: Date): void {
  try {
    slot().handler?.(runId, at);
  } catch {
    // A wake-up is only a hint; the ticker will find the run.
  }
  tellObservers(runId);
}

/** A run changed (committed) without needing a wake-up: tells the observers only. */
export function announceRunChange(runId: string): void {
  tellObservers(runId);
}

/** Hears every signalled or announced run id in this process (thread); returns the unsubscribe function. */
export function observeRunSignals(observer: Observer): () => void {
  const s = slot();
  s.observers ??= new Set();
  s.observers.add(observer);
  return () => void s.observers?.delete(observer);
}
