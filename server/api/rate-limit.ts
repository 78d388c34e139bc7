import { createRateLimiter } from "@/server/triggers/webhook/rate-limit";

/**
 * Per-process token buckets for the REST API (per key) and sign-in (per
 * account and per address). A request over the limit answers 429 with
 * Retry-After; the bucket refills continuously.
 */
export type Limiter = ReturnType<typeof createRateLimiter>;
export { createRateLimiter };

export const DEFAULT_API_RATE_PER_MINUTE = 1200;
