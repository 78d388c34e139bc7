import type { Db } from "@/server/db";
import { AppError } from "@/server/services/errors";
import { CALLBACK_STATUS, decideCallback, viewCallback, type CallbackDecisionInput } from "@/server/services/approvals/callback";
import { ApiError } from "./errors";
import type { ApiRequest, ApiResponse } from "./http";
import { presentCallback } from "./presenters/approval";
import { errorResponse, json, requestIdOf } from "./with-api-auth";

/**
 * Public callbacks (seed 002): GET /api/v1/callbacks/{token} shows what the
 * approval page shows and changes nothing; POST decides once with
 * { decision: approve | reject | submit, comment?, values? }. No API key: the
 * link token is the credential. Same service, states and status codes as the
 * page (404, 409, 410, 422, 429).
 */
const PATH = /^\/callbacks\/([^/]+)$/;
const MAX_CALLBACK_BODY = 64 * 1024;

export async function handlePublicCallback(req: ApiRequest, db: Db): Promise<ApiResponse | null> {
  const m = PATH.exec(req.path);
  if (!m) return null;
  const requestId = requestIdOf(req);
  const token = m[1];
  try {
    if (req.method === "GET") {
      const v = await viewCallback(token, { ip: req.ip }, db);
      return json(CALLBACK_STATUS[v.state], presentCallback(v), requestId, { "referrer-policy": "no-referrer" });
    }
    if (req.method !== "POST") throw new ApiError(405, "method_not_allowed", `${req.method} is not allowed on ${req.path}; allowed: GET, POST`, { allow: "GET, POST" }, { allow: "GET, POST" });
    const raw = await req.text(MAX_CALLBACK_BODY);
    if (raw === null) throw new ApiError(413, "payload_too_large", `Request body too large: at most ${MAX_CALLBACK_BODY} bytes of JSON`);
    let body: unknown;
    try {
      body = raw.trim() === "" ? {} : JSON.parse(raw);
    } catch {
      throw new ApiError(400, "bad_request", "Malformed JSON body: send { decision, comment?, values? }");
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ApiError(400, "bad_request", "The body must be a JSON object: { decision, comment?, values? }");
    const r = await decideCallback(token, body as CallbackDecisionInput, { ip: req.ip }, db);
    return json(CALLBACK_STATUS[r.state], presentCallback(r), requestId);
  } catch (err) {
    if (err instanceof AppError && err.code === "RATE_LIMITED") {
      const retry = Number(err.details?.retryAfter ?? 60);
      return errorResponse(new ApiError(429, "rate_limited", err.message, { retry_after_seconds: retry }, { "retry-after": String(retry) }), requestId);
    }
    if (err instanceof AppError && err.code === "BAD_REQUEST") return errorResponse(new ApiError(400, "validation_failed", err.message, { issues: err.details?.issues ?? [] }), requestId);
    if (err instanceof ApiError) return errorResponse(err, requestId);
    throw err;
  }
}
