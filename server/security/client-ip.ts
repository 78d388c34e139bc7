import { env } from "@/server/env";

/**
 * The client address, for per-IP limits (approval pages, REST API, sign-in) and
 * the decision history. One rule everywhere:
 *
 *  - TRUST_PROXY = 0 (default): the TCP peer. X-Forwarded-For is ignored: a client
 *    can write anything there (a rotated value would dodge every per-IP limit).
 *  - TRUST_PROXY = N > 0: N proxies of ours append to X-Forwarded-For, so the N-th
 *    entry from the right is the address the outermost one saw (entries further left
 *    came from the client). Fewer entries than N: the leftmost one.
 *
 * Next.js route handlers do not see the socket: the HTTP front (server/runtime/ingress.ts)
 * writes the peer into PEER_HEADER on every request, over any value a client sent.
 * Without it (`next dev`, a bare Request in tests) the peer is "unknown".
 */
export const PEER_HEADER = "x-switchyard-peer";

export type HeaderGetter = (name: string) => string | null | undefined;

function normalize(address: string): string {
  const a = address.trim();
  // IPv4 clients of a dual-stack socket: ::ffff:203.0.113.7 → 203.0.113.7
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice(7) : a;
}

/** `header` reads a request header; `peer` is the socket's remote address when the caller has it. */
export function clientIpOf(header: HeaderGetter, peer?: string | null, trustProxy: number = env().TRUST_PROXY): string {
  if (trustProxy > 0) {
    const hops = (header("x-forwarded-for") ?? "")
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean);
    if (hops.length > 0) return normalize(hops[Math.max(0, hops.length - trustProxy)]);
  }
  const socket = peer ?? header(PEER_HEADER) ?? null;
  return socket && socket.trim() ? normalize(socket) : "unknown";
}

/** The same for a fetch Request's (or Next.js's) headers. */
export function clientIpFromHeaders(headers: Headers | null | undefined, peer?: string | null): string {
  return clientIpOf((name) => headers?.get(name), peer);
}

/** A client address for the decision history: null when it is not known ("unknown"). */
export function knownIp(ip: string | null | undefined): string | null {
  return ip && ip !== "unknown" ? ip : null;
}
