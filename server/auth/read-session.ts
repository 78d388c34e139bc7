import type { Session } from "next-auth";
import { readSessionToken } from "./session-token";
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
export async function readAuthSession(incoming: Headers, now = Date.now()): Promise<Session | null> {
  const read = await readSessionToken(incoming, now);
  if (!read) return null;
  const { token } = read;
  const base: Session = {
    user: { name: token.name, email: token.email ?? "", image: token.picture },
    expires: new Date(read.exp !== null ? read.exp * 1000 : now).toISOString(),
  } as Session;
  return sessionCallback({ session: base, token });
}
