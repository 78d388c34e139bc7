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

const FORWARD_KEY = Symbol.for("switchyard.engine.cancelForwarder");
type Forwarder = (runId: string) => void;

/**
 * Where cancel requests for runs not executing on this thread go: the main
 * thread forwards them to the engine thread (server/runtime/engine-host.ts).
 */
export function setCancelForwarder(forward: Forwarder | null): void {
  (globalThis as unknown as Record<symbol, Forwarder | null>)[FORWARD_KEY] = forward;
}

/** Aborts the run's in-flight step when it executes in this process; true if it did (or the request was forwarded to the engine thread). */
export function requestLocalCancel(runId: string): boolean {
  const c = registry().get(runId);
  if (!c) {
    const forward = (globalThis as unknown as Record<symbol, Forwarder | null | undefined>)[FORWARD_KEY];
    forward?.(runId);
    return forward != null;
  }
  if (!c.signal.aborted) c.abort(new StepAbort("cancel", "Run cancelled"));
  return true;
}
