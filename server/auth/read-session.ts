import type { Session } from "next-auth";
import { decode, type JWT } from "next-auth/jwt";
import { env } from "@/server/env";
import { sessionCallback } from "./callbacks";

/**
 * The next-auth session for a request, read from its cookie header (route
 * handlers, RSC via `await headers()`, tests). Session reads only: the JWT is
 * decrypted and checked (Auth.js's own `decode`: authenticated encryption,
 * `exp`) and shaped by the same session callback, but nothing is re-issued.
 *
 * Why not `auth()`: its request form runs Auth.js's whole session endpoint per
 * call — derive the key, decrypt, run the callbacks, then encrypt a rolled
 * cookie nobody writes back — about 4× the cost of a decode, and it was most of
 * a tRPC read's time (README, Benchmark). Verified tokens are also remembered
 * briefly by their exact text, so a page's burst of requests decrypts once.
 */
const COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;
const CACHE_MS = 30_000;
const CACHE_MAX = 2_000;
const cache = new Map<string, { token: JWT; until: number }>();

function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  let whole: string | null = null;
  const chunks: Array<[number, string]> = [];
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    if (key === name) whole = part.slice(eq + 1).trim();
    else if (key.startsWith(`${name}.`) && /^\d+$/.test(key.slice(name.length + 1))) chunks.push([Number(key.slice(name.length + 1)), part.slice(eq + 1).trim()]);
  }
  // Auth.js splits large cookies into name.0, name.1, …
  if (chunks.length) return chunks.sort((a, b) => a[0] - b[0]).map(([, v]) => v).join("");
  return whole || null;
}

async function verifiedToken(text: string, salt: string, now: number): Promise<JWT | null> {
  const key = `${salt}\n${text}`;
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.token;
  let token: JWT | null;
  try {
    token = await decode({ token: text, secret: env().APP_SECRET, salt });
  } catch {
    token = null;
  }
  if (!token) {
    cache.delete(key);
    return null;
  }
  const exp = typeof token.exp === "number" ? token.exp * 1000 : now + CACHE_MS;
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, { token, until: Math.min(now + CACHE_MS, exp) });
  return token;
}

export async function readAuthSession(incoming: Headers, now = Date.now()): Promise<Session | null> {
  const header = incoming.get("cookie");
  for (const name of COOKIE_NAMES) {
    const text = cookieValue(header, name);
    if (!text) continue;
    const token = await verifiedToken(text, name, now);
    if (!token) return null;
    if (typeof token.exp === "number" && token.exp * 1000 <= now) return null;
    const base: Session = {
      user: { name: token.name, email: token.email ?? "", image: token.picture },
      expires: new Date((typeof token.exp === "number" ? token.exp * 1000 : now)).toISOString(),
    } as Session;
    return sessionCallback({ session: base, token });
  }
  return null;
}
