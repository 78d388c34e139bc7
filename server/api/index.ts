import "server-only";
import { createApiHandler, type ApiHandler } from "./router";
import { fromWebRequest, toWebResponse } from "./http";

/**
 * The process-wide REST handler (kept on globalThis: Next.js may load this
 * module in several bundles, and the rate limiter must be one per process).
 */
const KEY = Symbol.for("switchyard.api.handler");

export function apiHandler(): ApiHandler {
  const g = globalThis as unknown as Record<symbol, ApiHandler | undefined>;
  return (g[KEY] ??= createApiHandler());
}

/** Next.js route handler for every method under /api/v1. */
export async function handleNextRequest(req: Request): Promise<Response> {
  return toWebResponse(await apiHandler()(fromWebRequest(req)));
}
