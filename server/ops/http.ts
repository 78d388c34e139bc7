import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { dbReady, type Db } from "@/server/db";
import { env } from "@/server/env";
import { errorText, logger as rootLogger, type Logger } from "@/server/log";
import { METRICS_CONTENT_TYPE, recordHttpRequest, renderMetrics } from "./metrics";
import { defaultProbeDeps, health, readiness, type ProbeDeps } from "./probes";

/**
 * HTTP surface of server/ops, one implementation for three hosts:
 * - the production front (scripts/serve.ts → server/runtime/ingress.ts `before`):
 *   createOpsFront answers /api/health, /api/ready, /api/metrics before
 *   Next.js sees them, and times every request (HTTP duration histogram);
 * - Next.js routes (app/api/health|ready|metrics, for `next dev` / `next start`): opsRouteResponse;
 * - the standalone worker's METRICS_PORT listener (server/ops/worker-listener.ts).
 *
 * Probes are public (no secrets in them) and never rate-limited. /api/metrics
 * needs `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time)
 * and answers 404 when METRICS_TOKEN is unset, as if it did not exist.
 */
export type OpsKind = "health" | "ready" | "metrics";

export interface OpsOptions {
  /** readiness dependencies (default: this process's database, engine, env) */
  probes?: () => ProbeDeps;
  /** default env().METRICS_TOKEN */
  metricsToken?: () => string | undefined;
  /** database for the due-run backlog gauge (default: the process-wide client) */
  metricsDb?: () => Promise<Db>;
}

export interface OpsResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPE = "application/json; charset=utf-8";
const NO_STORE = { "cache-control": "no-store" };

const API_PATHS: Record<string, OpsKind> = { "/api/health": "health", "/api/ready": "ready", "/api/metrics": "metrics" };
const BARE_PATHS: Record<string, OpsKind> = { "/health": "health", "/ready": "ready", "/metrics": "metrics" };

/** The ops endpoint a request URL names; `bare`: also /health, /ready, /metrics (worker listener). */
export function opsKindOf(url: string, o: { bare?: boolean } = {}): OpsKind | null {
  const q = url.indexOf("?");
  const p = q < 0 ? url : url.slice(0, q);
  return API_PATHS[p] ?? (o.bare ? (BARE_PATHS[p] ?? null) : null);
}

const json = (status: number, body: unknown, extra: Record<string, string> = {}): OpsResponse => ({
  status,
  headers: { "content-type": JSON_TYPE, ...NO_STORE, ...extra },
  body: JSON.stringify(body),
});
const errorBody = (code: string, message: string) => ({ error: { code, message } });

/** Constant-time bearer check (hashes first: equal lengths, no length leak). */
export function bearerMatches(header: string | null | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? "");
  if (!m) return false;
  const a = createHash("sha256").update(m[1].trim()).digest();
  const b = createHash("sha256").update(token).digest();
  return timingSafeEqual(a, b);
}

function memo<T>(fn: () => T): () => T {
  let v: { value: T } | undefined;
  return () => (v ??= { value: fn() }).value;
}

/** Binds the options once (readiness evaluations are shared per dependency set). */
export function createOpsHandler(o: OpsOptions = {}): (kind: OpsKind, req: { method?: string; authorization?: string | null }) => Promise<OpsResponse> {
  const deps = memo(() => o.probes?.() ?? defaultProbeDeps());
  const token = () => (o.metricsToken ? o.metricsToken() : env().METRICS_TOKEN);
  const metricsDb = o.metricsDb ?? dbReady;
  return async (kind, req) => {
    const method = (req.method ?? "GET").toUpperCase();
    if (kind === "metrics") {
      const t = token();
      if (!t) return json(404, errorBody("NOT_FOUND", "Not found"));
      if (method !== "GET" && method !== "HEAD") return json(405, errorBody("METHOD_NOT_ALLOWED", "Use GET"), { allow: "GET, HEAD" });
      if (!bearerMatches(req.authorization, t)) {
        return json(401, errorBody("UNAUTHORIZED", "Send Authorization: Bearer <METRICS_TOKEN>"), { "www-authenticate": 'Bearer realm="metrics"' });
      }
      const db = await metricsDb().catch(() => undefined);
      const body = await renderMetrics({ db, onError: (err) => rootLogger().warn({ error: errorText(err) }, "metrics: the due-run backlog query failed") });
      return { status: 200, headers: { "content-type": METRICS_CONTENT_TYPE, ...NO_STORE }, body };
    }
    if (method !== "GET" && method !== "HEAD") return json(405, errorBody("METHOD_NOT_ALLOWED", "Use GET"), { allow: "GET, HEAD" });
    if (kind === "health") return json(200, health());
    const r = await readiness(deps());
    // degraded (Redis down in queue mode) still takes traffic: runs are queued in the database.
    return json(r.status === "not_ready" ? 503 : 200, r);
  };
}

function writeNode(res: ServerResponse, out: OpsResponse, head: boolean): void {
  res.writeHead(out.status, { ...out.headers, "content-length": Buffer.byteLength(out.body) });
  res.end(head ? undefined : out.body);
}

/**
 * The production front's hook (createIngressServer `before`): times every
 * request and serves the ops endpoints; true when it answered the request.
 */
export function createOpsFront(o: OpsOptions & { bare?: boolean } = {}): (req: IncomingMessage, res: ServerResponse, log?: Logger) => boolean {
  const handle = createOpsHandler(o);
  return (req, res, log) => {
    const t0 = performance.now();
    const url = req.url ?? "/";
    // "close" also fires when the client went away before the answer (then with the status set so far).
    res.once("close", () => recordHttpRequest(url, req.method ?? "GET", res.statusCode, (performance.now() - t0) / 1000));
    const kind = opsKindOf(url, { bare: o.bare });
    if (!kind) return false;
    if (!req.complete) req.resume();
    handle(kind, { method: req.method, authorization: req.headers.authorization }).then(
      (out) => writeNode(res, out, req.method === "HEAD"),
      (err: unknown) => {
        (log ?? rootLogger()).error({ kind, err }, "ops endpoint failed");
        if (!res.headersSent) writeNode(res, json(500, errorBody("INTERNAL", "Internal error")), false);
      },
    );
    return true;
  };
}

// ------------------------------------------------------------------ Next.js routes (next dev / next start)

const KEY = Symbol.for("switchyard.ops.route-handler");

export async function opsRouteResponse(kind: OpsKind, request: Request): Promise<Response> {
  const g = globalThis as unknown as Record<symbol, ReturnType<typeof createOpsHandler> | undefined>;
  const handle = (g[KEY] ??= createOpsHandler());
  const out = await handle(kind, { method: request.method, authorization: request.headers.get("authorization") });
  return new Response(request.method === "HEAD" ? null : out.body, { status: out.status, headers: out.headers });
}
