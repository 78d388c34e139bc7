/**
 * Next.js instrumentation: starts the embedded engine (dispatcher + ticker) in
 * the Node.js server process when ENGINE_EMBEDDED is on (default). Dynamic
 * imports keep the engine out of the edge bundle.
 */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next.js itself (inlined at build time), not configuration.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./server/env");
  if (!env().ENGINE_EMBEDDED) return;
  const { startEngine } = await import("./server/queue/process");
  await startEngine();
}
