import { z } from "zod";
import type { Db } from "@/server/db";
import { AppError } from "@/server/services/errors";
import { CALLBACK_STATUS, callbackDecisionInput, decideCallback, viewCallback, type CallbackResult, type CallbackView } from "@/server/services/approvals/callback";
import { ApiError, type ApiErrorCode } from "./errors";
import type { ApiRequest, ApiResponse } from "./http";
import type { PublicOperation } from "./operation";
import { callbackStateSchema, presentCallback } from "./presenters/approval";
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

const tokenParams = z.strictObject({ token: z.string().min(1).max(200).describe("The link token from the approval e-mail (the part after /approve/)") });
/** The REST body: the service's fields, unknown ones refused (the HTML page's form posts go through the service's lenient schema). */
const callbackBody = z.strictObject({
  ...callbackDecisionInput.shape,
  values: callbackDecisionInput.shape.values.describe("Form requests: field name → value"),
});

/** The envelope part of a 4xx state: clients that only read `error` still get a code and a message. */
const STATE_ERRORS: Partial<Record<(CallbackView | CallbackResult)["state"], { code: ApiErrorCode; message: string }>> = {
  "not-found": { code: "not_found", message: "This link is not valid: check that it was copied completely" },
  expired: { code: "gone", message: "This request has expired" },
  withdrawn: { code: "gone", message: "This request was withdrawn: its run was cancelled or finished" },
  used: { code: "gone", message: "This link was already used" },
  closed: { code: "gone", message: "This request is already settled" },
  "already-decided": { code: "conflict", message: "This request was decided at the same moment by someone else" },
  invalid: { code: "unprocessable", message: "The form has errors: see errors" },
};

function stateResponse(s: CallbackView | CallbackResult, requestId: string, extra: Record<string, string> = {}): ApiResponse {
  const e = STATE_ERRORS[s.state];
  const body = presentCallback(s);
  return json(CALLBACK_STATUS[s.state], e ? { ...body, error: { code: e.code, message: e.message, details: { state: s.state } } } : body, requestId, extra);
}

/** The public callbacks as the OpenAPI document lists them (`security: []`). */
export const callbackOperations: PublicOperation[] = [
  {
    method: "GET",
    path: "/callbacks/{token}",
    operationId: "viewCallback",
    summary: "What an approval or form link shows (no API key: the token is the credential)",
    description: "Reads only (mail scanners prefetch links). Same states and status codes as the approval page. Rate-limited per client IP and per token.",
    tag: "Approvals",
    params: tokenParams,
    responses: { 200: "open: the request as the page shows it", 404: "not-found: no such link", 410: "expired, withdrawn, used or closed" },
    schema: callbackStateSchema,
    errors: [429],
  },
  {
    method: "POST",
    path: "/callbacks/{token}",
    operationId: "decideCallback",
    summary: "Approve, reject or submit through an approval or form link (no API key; single use)",
    description: 'decision "approve" | "reject" (approval) or "submit" with values (form); comment is stored with the decision. One decision per link; the run resumes when the request is settled.',
    tag: "Approvals",
    params: tokenParams,
    body: callbackBody,
    responses: { 200: "decided", 404: "not-found: no such link", 409: "already-decided", 410: "expired, withdrawn, used or closed", 422: "invalid: the form's errors" },
    schema: callbackStateSchema,
    errors: [400, 413, 429],
  },
];

export async function handlePublicCallback(req: ApiRequest, db: Db): Promise<ApiResponse | null> {
  const m = PATH.exec(req.path);
  if (!m) return null;
  const requestId = requestIdOf(req);
  const token = m[1];
  try {
    if (req.method === "GET") {
      const v = await viewCallback(token, { ip: req.ip }, db);
      return stateResponse(v, requestId, { "referrer-policy": "no-referrer" });
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
    const parsed = callbackBody.safeParse(body);
    if (!parsed.success) throw new ApiError(400, "validation_failed", `Invalid body — ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`, { issues: bodyIssues(parsed.error) });
    const r = await decideCallback(token, parsed.data, { ip: req.ip }, db);
    return stateResponse(r, requestId);
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

function bodyIssues(error: z.ZodError): Array<{ field: string; message: string; in: "body" }> {
  return error.issues.map((i) => ({ field: i.path.join(".") || (i.code === "unrecognized_keys" ? i.keys.join(", ") : "body"), message: i.message, in: "body" }));
}
