import { env } from "@/server/env";
import { ensureEncryptionKey } from "@/server/security/secret-box";
import { engineHostedElsewhere, startEngine, startQueueProducer } from "./process";

/** Called from instrumentation.ts in the Node.js runtime only. */
export async function startEmbeddedEngineIfEnabled(): Promise<void> {
  // `next dev` / `next start`: the secrets key exists from the first start, like the app secret (scripts/serve.ts does the same).
  ensureEncryptionKey();
  // ENGINE_EMBEDDED=false with QUEUE_MODE=bullmq: this process only enqueues wake-up jobs for the workers.
  if (!env().ENGINE_EMBEDDED) {
    await startQueueProducer();
    return;
  }
  if (engineHostedElsewhere()) return;
  await startEngine();
}
