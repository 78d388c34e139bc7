import { env } from "@/server/env";
import { startEngine } from "./process";

/** Called from instrumentation.ts in the Node.js runtime only. */
export async function startEmbeddedEngineIfEnabled(): Promise<void> {
  if (!env().ENGINE_EMBEDDED) return;
  await startEngine();
}
