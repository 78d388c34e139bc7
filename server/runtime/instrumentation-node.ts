import { env } from "@/server/env";
import { engineHostedElsewhere, startEngine } from "./process";

/** Called from instrumentation.ts in the Node.js runtime only. */
export async function startEmbeddedEngineIfEnabled(): Promise<void> {
  if (!env().ENGINE_EMBEDDED || engineHostedElsewhere()) return;
  await startEngine();
}
