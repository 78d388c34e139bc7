import type { IncomingMessage, ServerResponse } from "node:http";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import type { Db } from "@/server/db";
import { logger as rootLogger, type Logger } from "@/server/log";
import { readSessionClaims } from "@/server/auth/session-token";
import { resolveSessionUser } from "@/server/auth/session";
import { dbReady } from "@/server/db";
import { appRouter } from "./routers/_app";
import type { TrpcContext } from "./init";
import { clientIpOf } from "@/server/security/client-ip";

/**
 * `/api/trpc/*` on the production node:http front (server/runtime/ingress.ts,
 * mounted by scripts/serve.ts), in the same process as Next.js but without
 * its app-route pipeline (request wrapping, async storage, the route runtime:
 * most of a tRPC read's time once the session decode was cached; README,
 * "REST API" bench). The same router and the same context as createContext
 * (server/trpc/context.ts): the Auth.js session cookie decrypted and verified
 * by Auth.js's `decode` (session-token.ts: verified tokens remembered ≤ 30 s by
 * their exact text, never past `exp`), its claims taken under the session
 * callback's condition, and the membership re-checked in the database on every
 * request — without next-auth's runtime entry, which imports "next/server"
 * (only bundlers resolve it; live.ts reads sessions the same way). The same
 * error shapes and logging as app/api/trpc/[trpc]/route.ts, which still serves
 * `next dev` / `next start`.
 */
export const TRPC_PREFIX = "/api/trpc";

/** Whether `url` (path + query) is a tRPC request: /api/trpc/<procedures>[?…]. */
export function isTrpcUrl(url: string): boolean {
  return url.startsWith(`${TRPC_PREFIX}/`) && url.length > TRPC_PREFIX.length + 1;
}

/** Only the cookie header is read for the session. */
function contextHeaders(req: IncomingMessage): Headers {
  const h = new Headers();
  const cookie = req.headers.cookie;
  if (cookie) h.set("cookie", cookie);
  return h;
}

function headerText(v: string | string[] | undefined): string | null {
  return Array.isArray(v) ? v.join(", ") : (v ?? null);
}

/** createContext's answer for a node:http request (membership re-checked; null session when signed out or removed). */
export async function createFrontContext(req: IncomingMessage, db?: Db): Promise<TrpcContext> {
  const client = db ?? (await dbReady());
  // The client address as the Next.js route would see it (approval decisions and resumes record it): the socket, or X-Forwarded-For per TRUST_PROXY.
  const clientIp = clientIpOf((name) => headerText(req.headers[name]), req.socket?.remoteAddress ?? null);
  return { db: client, session: await resolveSessionUser(client, await readSessionClaims(contextHeaders(req))), clientIp };
}

export function createTrpcNodeHandler(o: { db?: Db; logger?: Logger } = {}) {
  return function serveTrpc(req: IncomingMessage, res: ServerResponse, log: Logger = o.logger ?? rootLogger()): Promise<void> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const raw = (q < 0 ? url : url.slice(0, q)).slice(TRPC_PREFIX.length + 1);
    let path = raw;
    try {
      path = decodeURIComponent(raw);
    } catch {
      // left as sent: tRPC answers NOT_FOUND for a procedure that does not exist
    }
    return nodeHTTPRequestHandler({
      req,
      res,
      path,
      router: appRouter,
      createContext: () => createFrontContext(req, o.db),
      onError({ error, path: procedure }) {
        // As the Next.js route: unexpected failures are logged with their stack; clients get only the formatted shape.
        if (error.code === "INTERNAL_SERVER_ERROR") log.error({ path: procedure ?? null, err: error.cause ?? error }, "tRPC procedure failed");
      },
    });
  };
}
