import { StepAbort } from "./step-runner";

/**
 * In-process registry of runs executing in this process, so a cancel request
 * handled here aborts the in-flight step at once. Other processes notice the
 * request through the heartbeat and the fenced commit. Kept on globalThis
 * because Next.js may load this module more than once (route bundles vs instrumentation).
 */
const KEY = Symbol.for("switchyard.engine.localRuns");
type Registry = Map<string, AbortController>;

function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  let r = g[KEY];
  if (!r) {
    r = new Map();
    g[KEY] = r;
  }
  return r;
}

export function registerLocalRun(runId: string, controller: AbortController): () => void {
  registry().set(runId, controller);
  return () => {
    if (registry().get(runId) === controller) registry().delete(runId);
  };
}

/** Aborts the run's in-flight step when it executes in this process; true if it did. */
export function requestLocalCancel(runId: string): boolean {
  const c = registry().get(runId);
  if (!c) return false;
  if (!c.signal.aborted) c.abort(new StepAbort("cancel", "Run cancelled"));
  return true;
}
