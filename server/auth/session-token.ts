import { decode, type JWT } from "@auth/core/jwt";
import { env } from "@/server/env";

/**
 * The verified Auth.js session token of a request (its cookie header), with no
 * Next.js or next-auth runtime import: used by read-session.ts and by the
 * production node:http front (server/runtime/live.ts), whose bundle runs on
 * plain Node (next-auth's entry imports "next/server", which only bundlers
 * resolve). `decode` is Auth.js's own (authenticated encryption, `exp`);
 * verified tokens are remembered briefly by their exact text.
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

/** The request's verified, unexpired session token, or null. */
export async function readSessionToken(incoming: Headers, now = Date.now()): Promise<{ token: JWT; exp: number | null } | null> {
  const header = incoming.get("cookie");
  for (const name of COOKIE_NAMES) {
    const text = cookieValue(header, name);
    if (!text) continue;
    const token = await verifiedToken(text, name, now);
    if (!token) return null;
    if (typeof token.exp === "number" && token.exp * 1000 <= now) return null;
    return { token, exp: typeof token.exp === "number" ? token.exp : null };
  }
  return null;
}

/** userId / workspaceId claims of the request's session (what resolveSessionUser checks), without shaping a Session. */
export async function readSessionClaims(incoming: Headers, now = Date.now()): Promise<{ userId: string; workspaceId: string } | null> {
  const read = await readSessionToken(incoming, now);
  const t = read?.token as { userId?: unknown; workspaceId?: unknown; role?: unknown } | undefined;
  // the same condition as sessionCallback (server/auth/callbacks.ts)
  if (!t || typeof t.userId !== "string" || typeof t.workspaceId !== "string" || !t.role) return null;
  return { userId: t.userId, workspaceId: t.workspaceId };
}
