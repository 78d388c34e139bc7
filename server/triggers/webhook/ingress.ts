import type { Db } from "@/server/db";
import { errorText, logger as rootLogger, type Logger } from "@/server/log";
import { createRun } from "@/server/services/runs/create-run";
import { AppError } from "@/server/services/errors";
import { parseHookBody } from "./body";
import { createEndpointLookup, type HookEndpoint } from "./endpoints";
import { createRateLimiter } from "./rate-limit";
import type { Admission } from "./admission";
import { waitForRunAnswer } from "./result";
import { isDraining } from "@/server/runtime/shutdown";
import { verifyHeaderSecret, verifyStandardWebhook, type AuthResult } from "./verify";

/**
 * The webhook ingress, independent of the HTTP server: the Node front
 * (server/runtime/ingress.ts) and the Next.js route (app/api/hooks) adapt their
 * requests to HookRequest and write back the HookResponse. Order of checks:
 * unknown/inactive → 404 (the same answer for both), method → 405, rate limit
 * → 429, size → 413, authentication → 401, body → 400; then one createRun
 * (trigger "webhook", source = the endpoint) and either 202 with the run id or
 * the run's answer (wait mode).
 */
export interface HookRequest {
  method: string;
  token: string;
  /** what follows the token in the URL ("" or "/a/b") */
  subpath: string;
  query: URLSearchParams;
  /** lowercased names; repeated headers joined with ", " */
  headers: Record<string, string | undefined>;
  /** Reads the body; null when it exceeds `limit` bytes. */
  readBody(limit: number): Promise<Buffer | null>;
  /** this request's logger (the Node front binds its request id); default: the handler's */
  log?: Logger;
}

export interface HookResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Headers that carry credentials: never stored in the trigger data. */
const SECRET_HEADERS = new Set(["authorization", "cookie", "proxy-authorization", "webhook-signature", "x-webhook-secret"]);
const JSON_TYPE = "application/json; charset=utf-8";

function json(status: number, value: unknown, headers: Record<string, string> = {}): HookResponse {
  return { status, headers: { "content-type": JSON_TYPE, "cache-control": "no-store", ...headers }, body: JSON.stringify(value) };
}

function error(status: number, code: string, message: string, headers: Record<string, string> = {}): HookResponse {
  return json(status, { error: { code, message } }, headers);
}

export const NOT_FOUND = (): HookResponse => error(404, "NOT_FOUND", "Not found");

function authenticate(endpoint: HookEndpoint, req: HookRequest, body: Buffer, nowSec: number): AuthResult {
  if (endpoint.authMode === "header") return verifyHeaderSecret(req.headers[endpoint.headerName ?? "x-webhook-secret"], endpoint.secret);
  if (endpoint.authMode === "hmac") return verifyStandardWebhook(req.headers, body, endpoint.secret, nowSec);
  return { ok: true };
}

function triggerData(endpoint: HookEndpoint, req: HookRequest, body: unknown) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || SECRET_HEADERS.has(k) || k === endpoint.headerName) continue;
    headers[k] = v;
  }
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of req.query) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return { body, headers, query, method: req.method, path: req.subpath };
}

function idempotencyKey(endpoint: HookEndpoint, req: HookRequest, auth: AuthResult): string | undefined | HookResponse {
  const given = auth.ok && auth.webhookId ? auth.webhookId : req.headers["idempotency-key"];
  if (!given) return undefined;
  if (given.length > 150) return error(400, "BAD_REQUEST", "webhook-id / Idempotency-Key: at most 150 characters");
  return `hook:${endpoint.id}:${given}`;
}

function answerOf(runId: string, answer: Awaited<ReturnType<typeof waitForRunAnswer>>): HookResponse {
  const runHeader = { "x-run-id": runId };
  if (!answer) return json(202, { run_id: runId, status: "RUNNING" }, runHeader);
  if (answer.respond) {
    const { status, headers, body } = answer.respond;
    const isText = typeof body === "string";
    const contentType = headers["content-type"] ?? (isText ? "text/plain; charset=utf-8" : JSON_TYPE);
    return { status, headers: { ...headers, "content-type": contentType, ...runHeader }, body: isText ? body : JSON.stringify(body) };
  }
  const ok = answer.status === "COMPLETED" || answer.status === "SKIPPED";
  return json(ok ? 200 : 500, { run_id: runId, status: answer.status, ...(answer.errorCode ? { error_code: answer.errorCode } : {}) }, runHeader);
}

export interface IngressOptions {
  db: Db;
  /** backpressure (production front with an embedded engine); none: runs are accepted as fast as they come */
  admission?: Admission;
  now?: () => number;
  /** default: the process's root logger (server/log) */
  logger?: Logger;
}

export function createHookHandler(o: IngressOptions) {
  const now = o.now ?? Date.now;
  const lookup = createEndpointLookup(o.db, now);
  const rateLimit = createRateLimiter(now);

  return async function handleHook(req: HookRequest): Promise<HookResponse> {
    const endpoint = await lookup(req.token);
    if (!endpoint) return NOT_FOUND();
    if (!endpoint.methods.has(req.method)) {
      const allow = [...endpoint.methods].join(", ");
      return error(405, "METHOD_NOT_ALLOWED", `This webhook accepts ${allow}`, { allow });
    }
    const limited = rateLimit(endpoint.id, endpoint.rateLimit);
    if (!limited.ok) {
      return error(429, "RATE_LIMITED", `Too many requests: this webhook accepts ${endpoint.rateLimit} per minute`, { "retry-after": String(limited.retryAfterSec) });
    }
    const tooLarge = () => error(413, "PAYLOAD_TOO_LARGE", `The body exceeds this webhook's limit of ${endpoint.maxBodyBytes} bytes`);
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > endpoint.maxBodyBytes) return tooLarge();
    const raw = await req.readBody(endpoint.maxBodyBytes);
    if (!raw) return tooLarge();

    const auth = authenticate(endpoint, req, raw, Math.floor(now() / 1000));
    if (!auth.ok) return error(401, "UNAUTHORIZED", `Authentication failed: ${auth.reason}`);
    const body = parseHookBody(req.headers["content-type"], raw);
    if (!body.ok) return error(400, "BAD_REQUEST", body.message);
    const key = idempotencyKey(endpoint, req, auth);
    if (typeof key === "object") return key;

    if (o.admission && !(await o.admission.admit())) {
      return error(503, "BUSY", "Too many runs are waiting to be executed; try again shortly", { "retry-after": "5" });
    }
    let run: Awaited<ReturnType<typeof createRun>>;
    try {
      run = await createRun(
        {
          workspaceId: endpoint.workspaceId,
          automationId: endpoint.automationId,
          triggerType: "webhook",
          triggerData: triggerData(endpoint, req, body.value),
          idempotencyKey: key,
          sourceId: endpoint.id,
        },
        o.db,
      );
    } catch (err) {
      if (err instanceof AppError) {
        // The automation went away or was unpublished meanwhile: same answer as any unknown hook.
        if (err.code === "NOT_FOUND" || err.code === "UNPROCESSABLE") return NOT_FOUND();
        if (err.code === "CONFLICT" || err.code === "BAD_REQUEST") return error(err.code === "CONFLICT" ? 409 : 400, err.code, err.message);
      }
      (req.log ?? o.logger ?? rootLogger()).error({ endpointId: endpoint.id, error: errorText(err) }, "webhook could not start a run");
      return error(500, "INTERNAL", "The run could not be started; try again");
    }
    if (run.created) o.admission?.created(run.runId);
    const log = req.log ?? o.logger ?? rootLogger();
    if (log.isLevelEnabled("debug")) log.debug({ endpointId: endpoint.id, runId: run.runId, created: run.created }, "webhook accepted");
    // Draining (SIGTERM): the run is committed (QUEUED) and executes after the restart or in another process; not waiting for it here.
    if (endpoint.responseMode === "wait" && !isDraining()) return answerOf(run.runId, await waitForRunAnswer(o.db, run.runId, endpoint.waitTimeoutMs, !run.created));
    return json(202, { run_id: run.runId, status: run.status, ...(run.created ? {} : { deduplicated: true }) }, { "x-run-id": run.runId });
  };
}
export type HookHandler = ReturnType<typeof createHookHandler>;
