/**
 * Per-hook token bucket (in this process): `perMinute` requests, refilled
 * continuously, bursts up to one minute's worth. Answers how long to wait when
 * empty (429 Retry-After, whole seconds). `consume: false` only asks (sign-in
 * checks before verifying and spends a token per failure).
 */
export function createRateLimiter(now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number; rate: number }>();
  return function take(key: string, perMinute: number, consume = true): { ok: true } | { ok: false; retryAfterSec: number } {
    const t = now();
    let b = buckets.get(key);
    if (!b || b.rate !== perMinute) {
      b = { tokens: perMinute, at: t, rate: perMinute };
      buckets.set(key, b);
    }
    b.tokens = Math.min(perMinute, b.tokens + ((t - b.at) / 60_000) * perMinute);
    b.at = t;
    if (b.tokens >= 1) {
      if (consume) b.tokens -= 1;
      return { ok: true };
    }
    const waitMs = ((1 - b.tokens) / perMinute) * 60_000;
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)) };
  };
}
