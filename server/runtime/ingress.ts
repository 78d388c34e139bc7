import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { Db } from "@/server/db";
import { apiHandler } from "@/server/api/handler";
import { API_PREFIX, fromNodeRequest, writeNodeResponse } from "@/server/api/http";
import { env } from "@/server/env";
import { PEER_HEADER } from "@/server/security/client-ip";
import { logger as rootLogger, requestIdFrom, type Logger } from "@/server/log";
import { createAdmission } from "@/server/triggers/webhook/admission";
import { createHookHandler } from "@/server/triggers/webhook/ingress";
import { serveHook } from "@/server/triggers/webhook/node-adapter";
import { meterHookHandler } from "@/server/ops/webhook-metrics";
import { LIVE_PATH, serveLive, type LiveOptions } from "./live";

/**
 * The HTTP front of the production server: `/api/hooks/*`, the REST API
 * `/api/v1/*`, tRPC `/api/trpc/*` (when `trpc` is given) and the live-update
 * stream `/api/live` (server-sent events, server/runtime/live.ts) are served here on plain node:http (no Next.js routing, no React,
 * no middleware: the hot path is endpoint cache → auth → createRun, or
 * API key → operation), every other request goes to
 * `fallback` — Next.js's request handler in the same process (scripts/serve.ts).
 *
 * Every request gets a request id: the client's `x-request-id` when it is a
 * short token, else a new UUID. It is answered in `X-Request-Id` and bound as
 * `reqId` to every log line of the request (the REST API uses the same id).
 */
export function createIngressServer(o: {
  db: Db;
  fallback: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
  live?: LiveOptions;
  /** runs first for every request (scripts/serve.ts: server/ops probes, metrics, request timing); true = answered */
  before?: (req: IncomingMessage, res: ServerResponse, log: Logger) => boolean;
  /** default: the process's root logger (server/log) */
  logger?: Logger;
  /** `/api/trpc/*` served here instead of by `fallback` (scripts/serve.ts: server/trpc/node-handler.ts) */
  trpc?: (req: IncomingMessage, res: ServerResponse, log: Logger) => Promise<void>;
}): Server {
  const e = env();
  const root = o.logger ?? rootLogger();
  // Backpressure only where this process executes the runs (it hears their completion).
  const admission = e.ENGINE_EMBEDDED ? createAdmission({ maxBacklog: e.INGRESS_MAX_BACKLOG, maxWaitMs: e.INGRESS_MAX_WAIT_MS }) : undefined;
  const handle = meterHookHandler(createHookHandler({ db: o.db, admission, logger: root }));
  const server = createServer((req, res) => {
    // The TCP peer for everything behind this front (Next.js handlers see headers only); a client's own value is replaced.
    if (req.socket.remoteAddress) req.headers[PEER_HEADER] = req.socket.remoteAddress;
    else delete req.headers[PEER_HEADER];
    const reqId = requestIdFrom(req.headers["x-request-id"]);
    res.setHeader("x-request-id", reqId);
    const log = root.child({ reqId });
    const url = req.url ?? "/";
    if (log.isLevelEnabled("debug")) logRequest(log, req, res, url);
    if (o.before?.(req, res, log)) return;
    const failed = (what: string) => (err: unknown) => {
      log.error({ err }, what);
      if (!res.headersSent) res.writeHead(500).end();
    };
    if (url.startsWith(API_PREFIX) && (url.length === API_PREFIX.length || url[API_PREFIX.length] === "/" || url[API_PREFIX.length] === "?")) {
      apiHandler()(fromNodeRequest(req, reqId)).then((out) => writeNodeResponse(res, out), failed("request failed"));
      return;
    }
    if (o.trpc && url.startsWith(TRPC_PATH) && url.length > TRPC_PATH.length) {
      // tRPC without Next.js's app-route pipeline (same router and context as app/api/trpc).
      o.trpc(req, res, log).catch(failed("tRPC request failed"));
      return;
    }
    if (url.startsWith(LIVE_PATH) && (url.length === LIVE_PATH.length || url[LIVE_PATH.length] === "?")) {
      // Live updates (server-sent events): long-lived, so off Next.js's request pipeline.
      serveLive(req, res, o.db, o.live).catch(failed("live stream failed"));
      return;
    }
    serveHook(handle, req, res, log).then((served) => {
      if (!served) return o.fallback(req, res);
    }, failed("request failed"));
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

/**
 * Debug level: one line per request when its answer is sent (or the client
 * went away). The path only: query strings and the capability tokens in hook
 * and approval URLs are left out.
 */
function logRequest(log: Logger, req: IncomingMessage, res: ServerResponse, url: string): void {
  const t0 = performance.now();
  res.once("close", () => {
    log.debug({ method: req.method, path: loggablePath(url), status: res.statusCode, ms: Math.round((performance.now() - t0) * 10) / 10, ...(res.writableFinished ? {} : { aborted: true }) }, "request");
  });
}

const TRPC_PATH = "/api/trpc/";

const TOKEN_PATHS = ["/api/hooks/", "/approve/", "/api/v1/callbacks/"];

/** The URL without its query, with a capability token in the path replaced by ":token". */
export function loggablePath(url: string): string {
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  for (const prefix of TOKEN_PATHS) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf("/");
    return `${prefix}:token${slash < 0 ? "" : rest.slice(slash)}`;
  }
  return path;
}
