/**
 * Process-wide hook through which services (createRun, resumeRun, cancel) wake
 * the dispatcher after their transaction committed. No dispatcher in this
 * process (e.g. a web-only process): the signal is dropped and the worker's
 * ticker finds the run in the database. Kept on globalThis because Next.js may
 * load this module in several bundles.
 */
type Handler = (runId: string, at?: Date) => void;
const KEY = Symbol.for("switchyard.queue.signal");

function slot(): { handler: Handler | null } {
  const g = globalThis as unknown as Record<symbol, { handler: Handler | null } | undefined>;
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

export function signalRun(runId: string, at?: Date): void {
  try {
    slot().handler?.(runId, at);
  } catch {
    // A wake-up is only a hint; the ticker will find the run.
  }
}
