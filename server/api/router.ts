import type { Db } from "@/server/db";
import { getDb } from "@/server/db";
import { logger } from "@/server/log";
import { ApiError } from "./errors";
import type { ApiRequest, ApiResponse } from "./http";
import { API_OPERATIONS } from "./operations";
import type { ApiOperation } from "./operation";
import { openApiDocument } from "./openapi";
import { handlePublicCallback } from "./callbacks";
import { createRateLimiter, DEFAULT_API_RATE_PER_MINUTE } from "./rate-limit";
import { errorResponse, json, requestIdOf, withApiAuth, type ApiDeps } from "./with-api-auth";

/**
 * Matches /api/v1 requests to operations (static segments before parameters),
 * answers 404/405 with the envelope, serves the OpenAPI document, and runs the
 * matched operation through withApiAuth. One handler per process: Next.js route
 * files and the node:http front call the same one.
 */
interface Route {
  op: ApiOperation;
  pattern: RegExp;
  names: string[];
  staticSegments: number;
  handle: ReturnType<typeof withApiAuth>;
}

function compile(op: ApiOperation, path: string): Route {
  const names: string[] = [];
  const segments = path.split("/").filter(Boolean);
  const source = segments
    .map((seg) => {
      const m = /^\{(\w+)\}$/.exec(seg);
      if (m) {
        names.push(m[1]);
        return "/([^/]+)";
      }
      return `/${seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`;
    })
    .join("");
  return { op, pattern: new RegExp(`^${source}$`), names, staticSegments: segments.length - names.length, handle: withApiAuth(op) };
}

const ROUTES: Route[] = API_OPERATIONS.flatMap((op) => [op.path, ...op.aliases].map((p) => compile(op, p))).sort((a, b) => b.staticSegments - a.staticSegments);

export interface ApiHandlerOptions {
  db?: Db;
  ratePerMinute?: number;
  log?: (requestId: string, err: unknown) => void;
}

export type ApiHandler = (req: ApiRequest) => Promise<ApiResponse>;

export function createApiHandler(o: ApiHandlerOptions = {}): ApiHandler {
  const deps: ApiDeps = {
    get db() {
      return o.db ?? getDb();
    },
    limiter: createRateLimiter(),
    ratePerMinute: o.ratePerMinute ?? DEFAULT_API_RATE_PER_MINUTE,
    log: o.log ?? ((requestId, err) => logger().error({ reqId: requestId, err }, "API request failed")),
  };
  let doc: string | null = null;
  return async function handleApiRequest(req) {
    if (req.method === "GET" && (req.path === "/openapi.json" || req.path === "/openapi")) {
      doc ??= JSON.stringify(openApiDocument());
      const res = json(200, null, requestIdOf(req), { "cache-control": "public, max-age=60", "access-control-allow-origin": "*" });
      res.body = doc;
      return res;
    }
    // Public approval callbacks: the link token is the credential (no API key).
    const callback = await handlePublicCallback(req, deps.db);
    if (callback) return callback;
    const matches: Array<{ route: Route; params: Record<string, string> }> = [];
    for (const route of ROUTES) {
      const m = route.pattern.exec(req.path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((n, i) => {
        params[n] = safeDecode(m[i + 1]);
      });
      matches.push({ route, params });
    }
    const hit = matches.find((x) => x.route.op.method === req.method);
    if (hit) return hit.route.handle(req, hit.params, deps);
    const requestId = requestIdOf(req);
    if (matches.length > 0) {
      const allow = [...new Set(matches.map((x) => x.route.op.method))].join(", ");
      return errorResponse(new ApiError(405, "method_not_allowed", `${req.method} is not allowed on ${req.path}; allowed: ${allow}`, { allow }, { allow }), requestId);
    }
    return errorResponse(new ApiError(404, "not_found", `No endpoint ${req.method} /api/v1${req.path}; see /api/v1/openapi.json`), requestId);
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
