import { createRateLimiter, type Limiter } from "@/server/api/rate-limit";
import { clientIpFromHeaders } from "@/server/security/client-ip";

/**
 * Sign-in throttling with the REST API's token buckets: failures are counted
 * per account (the normalized email, whether or not it exists, so a refusal
 * says nothing about the account) and per client address. Before a password is
 * verified both buckets are asked (no token spent); each failure spends one in
 * each. An empty bucket refuses at once, without touching the database or the
 * password hash, and says when to retry; a correct password works again once a
 * token has refilled. One limiter per process (kept on globalThis: Next.js may
 * load this module in several bundles, the route handler and the server action).
 */
export const SIGN_IN_FAILURES_PER_ACCOUNT = 5;
export const SIGN_IN_FAILURES_PER_ADDRESS = 20;
/** Distinct keys before the buckets start afresh (an email spray must not grow memory without bound). */
const MAX_KEYS = 50_000;

export interface SignInThrottle {
  /** null when the attempt may be checked, else seconds to wait. */
  check(email: string, ip: string): number | null;
  failed(email: string, ip: string): void;
}

export function createSignInThrottle(now: () => number = Date.now, limits = { account: SIGN_IN_FAILURES_PER_ACCOUNT, address: SIGN_IN_FAILURES_PER_ADDRESS }): SignInThrottle {
  let limiter: Limiter = createRateLimiter(now);
  const keys = new Set<string>();
  const accountKey = (email: string) => `signin:account:${email.trim().toLowerCase().slice(0, 320)}`;
  const addressKey = (ip: string) => `signin:ip:${ip}`;
  // Without an address (no proxy header, no socket) only the account bucket applies: one shared bucket would let anyone lock everyone out.
  const pairs = (email: string, ip: string) =>
    (ip === "unknown" ? [[accountKey(email), limits.account]] : [[accountKey(email), limits.account], [addressKey(ip), limits.address]]) as Array<[string, number]>;
  return {
    check(email, ip) {
      let wait = 0;
      for (const [key, rate] of pairs(email, ip)) {
        if (!keys.has(key)) continue;
        const r = limiter(key, rate, false);
        if (!r.ok) wait = Math.max(wait, r.retryAfterSec);
      }
      return wait > 0 ? wait : null;
    },
    failed(email, ip) {
      if (keys.size > MAX_KEYS) {
        limiter = createRateLimiter(now);
        keys.clear();
      }
      for (const [key, rate] of pairs(email, ip)) {
        keys.add(key);
        limiter(key, rate);
      }
    },
  };
}

const KEY = Symbol.for("switchyard.auth.signInThrottle");

export function signInThrottle(): SignInThrottle {
  const g = globalThis as unknown as Record<symbol, SignInThrottle | undefined>;
  return (g[KEY] ??= createSignInThrottle());
}

/** Tests: start with empty buckets (or a fake clock). */
export function resetSignInThrottleForTests(throttle?: SignInThrottle): void {
  (globalThis as unknown as Record<symbol, SignInThrottle | undefined>)[KEY] = throttle ?? createSignInThrottle();
}

/** The client address of a sign-in request: the TCP peer, or X-Forwarded-For as far as TRUST_PROXY trusts it (server/security/client-ip.ts). */
export function clientAddress(headers: Headers | null | undefined): string {
  return clientIpFromHeaders(headers);
}
