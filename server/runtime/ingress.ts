import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Db } from "@/server/db";
import { apiHandler } from "@/server/api/handler";
import { API_PREFIX, fromNodeRequest, writeNodeResponse } from "@/server/api/http";
import { env } from "@/server/env";
import { createAdmission } from "@/server/triggers/webhook/admission";
import { createHookHandler } from "@/server/triggers/webhook/ingress";
import { serveHook } from "@/server/triggers/webhook/node-adapter";
import { meterHookHandler } from "@/server/ops/webhook-metrics";
import { log } from "./log";
import { LIVE_PATH, serveLive, type LiveOptions } from "./live";

/**
 * The HTTP front of the production server: `/api/hooks/*`, the REST API
 * `/api/v1/*` and the live-update stream `/api/live` (server-sent events,
 * server/runtime/live.ts) are served here on plain node:http (no Next.js routing, no React,
 * no middleware: the hot path is endpoint cache → auth → createRun, or
 * API key → operation), every other request goes to
 * `fallback` — Next.js's request handler in the same process (scripts/serve.ts).
 */
export function createIngressServer(o: {
  db: Db;
  fallback: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
  live?: LiveOptions;
  /** runs first for every request (scripts/serve.ts: server/ops probes, metrics, request timing); true = answered */
  before?: (req: IncomingMessage, res: ServerResponse) => boolean;
}): Server {
  const e = env();
  // Backpressure only where this process executes the runs (it hears their completion).
  const admission = e.ENGINE_EMBEDDED ? createAdmission({ maxBacklog: e.INGRESS_MAX_BACKLOG, maxWaitMs: e.INGRESS_MAX_WAIT_MS }) : undefined;
  const handle = meterHookHandler(createHookHandler({ db: o.db, admission, log: (level, message, fields) => log(level, message, fields) }));
  const server = createServer((req, res) => {
    if (o.before?.(req, res)) return;
    const url = req.url ?? "/";
    if (url.startsWith(API_PREFIX) && (url.length === API_PREFIX.length || url[API_PREFIX.length] === "/" || url[API_PREFIX.length] === "?")) {
      apiHandler()(fromNodeRequest(req)).then(
        (out) => writeNodeResponse(res, out),
        (err: unknown) => {
          log("error", "request failed", { error: err instanceof Error ? err.message : String(err) });
          if (!res.headersSent) res.writeHead(500).end();
        },
      );
      return;
    }
    if (url.startsWith(LIVE_PATH) && (url.length === LIVE_PATH.length || url[LIVE_PATH.length] === "?")) {
      // Live updates (server-sent events): long-lived, so off Next.js's request pipeline.
      serveLive(req, res, o.db, o.live).catch((err: unknown) => {
        log("error", "live stream failed", { error: err instanceof Error ? err.message : String(err) });
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    serveHook(handle, req, res).then(
      (served) => {
        if (!served) return o.fallback(req, res);
      },
      (err: unknown) => {
        log("error", "request failed", { error: err instanceof Error ? err.message : String(err) });
        if (!res.headersSent) res.writeHead(500).end();
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
