import { env } from "@/server/env";
import { engineHostedElsewhere, startEngine, startQueueProducer } from "./process";

/** Called from instrumentation.ts in the Node.js runtime only. */
export async function startEmbeddedEngineIfEnabled(): Promise<void> {
  // ENGINE_EMBEDDED=false with QUEUE_MODE=bullmq: this process only enqueues wake-up jobs for the workers.
  if (!env().ENGINE_EMBEDDED) {
    await startQueueProducer();
    return;
  }
  if (engineHostedElsewhere()) return;
  await startEngine();
}
