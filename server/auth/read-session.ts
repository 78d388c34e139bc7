import type { Session } from "next-auth";
import { env } from "@/server/env";
import { auth } from "./index";

type AuthWithRequest = (ctx: { req: { headers: Headers }; res: { headers: Headers } }) => Promise<Session | null>;

/**
 * The next-auth session for a request, read from its cookie header. Uses
 * `auth()`'s API-route call form (`{ req, res }`), so it works anywhere we have
 * the request headers: route handlers, RSC (`await headers()`) and tests.
 * Cookies Auth.js would roll are not written back (session reads only).
 */
export function readAuthSession(incoming: Headers): Promise<Session | null> {
  const headers = new Headers(incoming);
  // Auth.js picks the cookie name (__Secure- prefix or not) from the protocol. Next.js sets
  // x-forwarded-proto on every request; without it Auth.js assumes https, so fall back to APP_URL's.
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", new URL(env().APP_URL).protocol.replace(":", ""));
  const readWithRequest = auth as unknown as AuthWithRequest;
  return readWithRequest({ req: { headers }, res: { headers: new Headers() } });
}
