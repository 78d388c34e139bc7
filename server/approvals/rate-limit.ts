/**
 * Fixed-window limits for the public callback pages, per client IP and per
 * token, kept in the memory of this process (several web processes each apply
 * it: the limit is per process). Blocks guessing and hammering one link.
 */
export interface RateLimitOptions {
  perIp: number;
  perToken: number;
  windowMs: number;
}

export const DEFAULT_CALLBACK_LIMITS: RateLimitOptions = { perIp: 60, perToken: 20, windowMs: 60_000 };

interface Window {
  start: number;
  count: number;
}

export class CallbackRateLimiter {
  private readonly windows = new Map<string, Window>();
  constructor(private readonly o: RateLimitOptions = DEFAULT_CALLBACK_LIMITS) {}

  /** Counts one request; null when allowed, else the seconds to wait. */
  hit(ip: string, tokenHash: string, now = Date.now()): number | null {
    const a = this.bump(`ip:${ip}`, this.o.perIp, now);
    const b = this.bump(`tok:${tokenHash}`, this.o.perToken, now);
    const wait = Math.max(a ?? 0, b ?? 0);
    if (this.windows.size > 50_000) this.prune(now);
    return wait > 0 ? wait : null;
  }

  private bump(key: string, limit: number, now: number): number | null {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.o.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    return w.count > limit ? Math.max(1, Math.ceil((w.start + this.o.windowMs - now) / 1000)) : null;
  }

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.o.windowMs) this.windows.delete(k);
  }
}

const KEY = Symbol.for("switchyard.approvals.rate-limiter");

/** The process-wide limiter (on globalThis: Next.js may load modules more than once). */
export function callbackRateLimiter(): CallbackRateLimiter {
  const g = globalThis as unknown as Record<symbol, CallbackRateLimiter | undefined>;
  g[KEY] ??= new CallbackRateLimiter();
  return g[KEY];
}
