import { env } from "@/server/env";
import { createApiHandler, type ApiHandler } from "./router";

/**
 * The process-wide REST handler, kept on globalThis: Next.js loads server/api
 * in several bundles and the production front (server/runtime/ingress.ts) in
 * its own, and the rate limiter and idempotency state must be one per process.
 * Free of Next.js imports so the node:http front can use it.
 */
const KEY = Symbol.for("switchyard.api.handler");

export function apiHandler(): ApiHandler {
  const g = globalThis as unknown as Record<symbol, ApiHandler | undefined>;
  return (g[KEY] ??= createApiHandler({ ratePerMinute: env().API_RATE_LIMIT_PER_MINUTE }));
}
