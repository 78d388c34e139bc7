/**
 * Next.js instrumentation: starts the embedded engine (dispatcher + ticker) in
 * the Node.js server process when ENGINE_EMBEDDED is on (default). The import
 * sits inside the NEXT_RUNTIME check (set by Next.js itself, inlined at build
 * time) so the engine and its native modules stay out of the edge bundle.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startEmbeddedEngineIfEnabled } = await import("./server/runtime/instrumentation-node");
    await startEmbeddedEngineIfEnabled();
  }
}
