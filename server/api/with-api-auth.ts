import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/server/db";
import { saneRequestId } from "@/server/log";
import { authenticateApiKey } from "@/server/auth/api-keys";
import { actorCan, forbiddenMessage } from "@/server/auth/actor";
import { scopeFor } from "@/server/auth/permissions";
import { toFieldIssues } from "@/server/services/automations/input";
import { ApiError, envelope, toApiError, validationError } from "./errors";
import { MAX_BODY_BYTES, type ApiRequest, type ApiResponse } from "./http";
import { resolveCursorAlias } from "./paging";
import { checkIdempotencyKey, findAnswer, requestHash, storeAnswer } from "./idempotency";
import type { Limiter } from "./rate-limit";
import type { ApiOperation } from "./operation";
import { ApiDownload, downloadResponse } from "./download";
import { knownIp } from "@/server/security/client-ip";

/**
 * The one wrapper every REST operation goes through: request id → API key →
 * rate limit (per key) → scope → zod-parsed path/query/body → Idempotency-Key
 * → handler → JSON; anything thrown becomes the error envelope with the right
 * status. Handlers only call services and presenters.
 */
export interface ApiDeps {
  db: Db;
  limiter: Limiter;
  ratePerMinute: number;
  log(requestId: string, err: unknown): void;
}

const emptyObject = z.strictObject({});
const UNAUTHORIZED_MESSAGES = {
  missing: "Missing API key: send it as Authorization: Bearer <key> (create one under Settings → API keys)",
  malformed: "Malformed Authorization header: expected Authorization: Bearer sy_…",
  unknown: "Invalid API key",
  revoked: "This API key was revoked",
  expired: "This API key has expired",
} as const;

/** The front's request id (server/runtime/ingress.ts), else the client's when sane, else a new one. */
export function requestIdOf(req: ApiRequest): string {
  return req.requestId ?? saneRequestId(req.header("x-request-id")) ?? `req_${randomUUID().replace(/-/g, "")}`;
}

export function json(status: number, body: unknown, requestId: string, extra: Record<string, string> = {}): ApiResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "x-request-id": requestId, "cache-control": "no-store", ...extra },
    body: status === 204 ? null : JSON.stringify(body),
  };
}

export function errorResponse(e: ApiError, requestId: string): ApiResponse {
  const res = json(e.status, null, requestId, e.headers);
  res.body = envelope(e);
  return res;
}

function queryObject(q: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(q.keys())) {
    const all = q.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

function parsePart<S extends z.ZodType>(schema: S, value: unknown, where: "path" | "query" | "body"): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(where, toFieldIssues(r.error));
  return r.data;
}

async function readBody(req: ApiRequest): Promise<{ raw: string; value: unknown }> {
  const raw = await req.text(MAX_BODY_BYTES);
  if (raw === null) {
    throw new ApiError(413, "payload_too_large", `Request body too large: at most ${MAX_BODY_BYTES} bytes of JSON`, { limit_bytes: MAX_BODY_BYTES });
  }
  if (raw.trim() === "") return { raw, value: undefined };
  const type = req.header("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  }
  try {
    return { raw, value: JSON.parse(raw) as unknown };
  } catch (err) {
    throw new ApiError(400, "bad_request", `Malformed JSON body: ${err instanceof Error ? err.message : "cannot parse"}`);
  }
}

export function withApiAuth(op: ApiOperation) {
  return async function handle(req: ApiRequest, pathParams: Record<string, string>, deps: ApiDeps): Promise<ApiResponse> {
    const requestId = requestIdOf(req);
    try {
      const auth = await authenticateApiKey(deps.db, req.header("authorization"));
      if (!auth.ok) {
        throw new ApiError(401, "unauthorized", UNAUTHORIZED_MESSAGES[auth.reason], null, { "www-authenticate": 'Bearer realm="switchyard"' });
      }
      const limit = deps.limiter(`key:${auth.keyId}`, deps.ratePerMinute);
      if (!limit.ok) {
        throw new ApiError(429, "rate_limited", `Too many requests for this API key: at most ${deps.ratePerMinute} per minute; retry after ${limit.retryAfterSec} s`, { retry_after_seconds: limit.retryAfterSec }, { "retry-after": String(limit.retryAfterSec) });
      }
      const { actor } = auth;
      if (!actorCan(actor, op.permission)) {
        throw new ApiError(403, "forbidden", forbiddenMessage(actor, op.permission), { required_scope: scopeFor(op.permission) });
      }
      const params = op.params ? parsePart(op.params, pathParams, "path") : {};
      const query = resolveCursorAlias(parsePart(op.query ?? emptyObject, queryObject(req.query), "query"));

      let raw = "";
      let body: unknown = undefined;
      if (req.method !== "GET" && req.method !== "DELETE") {
        const read = await readBody(req);
        raw = read.raw;
        if (op.body) body = parsePart(op.body, read.value ?? {}, "body");
        else if (read.value !== undefined && !(isPlainObject(read.value) && Object.keys(read.value).length === 0)) {
          throw new ApiError(400, "validation_failed", "This endpoint takes no request body; send none or {}", {
            issues: [{ field: "body", message: "must be empty", in: "body" }],
          });
        }
      }

      const idemKey = op.idempotent ? req.header("idempotency-key") : null;
      let idem: { key: string; hash: string } | null = null;
      if (idemKey !== null) {
        checkIdempotencyKey(idemKey);
        idem = { key: idemKey, hash: requestHash(req.method, req.path, raw) };
        const stored = await findAnswer(deps.db, auth.keyId, idem.key, idem.hash, Date.now());
        if (stored) {
          const replay = json(stored.status, null, requestId, { "idempotent-replayed": "true" });
          replay.body = stored.status === 204 ? null : stored.body;
          return replay;
        }
      }

      const result = await op.run({ actor, db: deps.db, params, query, body, requestId, ip: knownIp(req.ip) });
      if (result instanceof ApiDownload) return downloadResponse(result, requestId);
      const res = json(op.success.status, result ?? null, requestId);
      if (idem) {
        await storeAnswer(
          deps.db,
          { workspaceId: actor.workspaceId, apiKeyId: auth.keyId, key: idem.key, method: req.method, path: req.path, hash: idem.hash },
          { status: res.status, body: res.body ?? "" },
        );
      }
      return res;
    } catch (err) {
      const e = toApiError(err);
      if (e.status >= 500) deps.log(requestId, err);
      return errorResponse(e, requestId);
    }
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
