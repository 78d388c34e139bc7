import { httpRequestConfigSchema, type HttpRequestConfig } from "@/lib/nodes/catalog/http-request";
import { fatal, retryable, type HttpRequestSpec, type JsonValue, type NodeContext, type NodeExecutor, type NodeResult } from "@/server/engine/contract";
import { numeric, optionalText, parseConfig, record, snippet, textRows } from "./config";
import { USER_AGENT, hasHeader, maskHeaders, parseBody } from "./http-shared";

/**
 * HTTP request. Sends through ctx.services.http (SSRF guard, redirects re-checked)
 * with `Idempotency-Key: <step idempotency key>` so a retried step can be
 * de-duplicated by the receiver. JSON responses are parsed.
 * failOnHttpError: 5xx and 429 fail retryably, other 4xx fail fatally.
 */
function config(ctx: NodeContext): HttpRequestConfig {
  const raw = record(ctx.config);
  return parseConfig(
    httpRequestConfigSchema,
    {
      ...raw,
      url: optionalText(raw.url),
      body: optionalText(raw.body),
      headers: textRows(raw.headers),
      query: textRows(raw.query),
      timeoutMs: numeric(raw.timeoutMs),
    },
    "HTTP request",
  );
}

function buildRequest(ctx: NodeContext, c: HttpRequestConfig): Omit<HttpRequestSpec, "signal"> {
  let url: URL;
  try {
    url = new URL(c.url.trim());
  } catch {
    throw fatal(`"url" must be an absolute http:// or https:// URL; got "${snippet(c.url, 200)}"`, "CONFIG_INVALID");
  }
  for (const row of c.query) url.searchParams.append(row.key, row.value);
  const headers: Record<string, string> = {};
  for (const row of c.headers) headers[row.key] = row.value;
  if (!hasHeader(headers, "user-agent")) headers["User-Agent"] = USER_AGENT;
  if (!hasHeader(headers, "accept")) headers["Accept"] = "application/json, text/plain;q=0.9, */*;q=0.8";
  if (!hasHeader(headers, "idempotency-key")) headers["Idempotency-Key"] = ctx.idempotencyKey;
  let body: string | undefined;
  if (c.bodyType !== "none" && c.method !== "GET" && c.method !== "HEAD") {
    body = c.body;
    if (!hasHeader(headers, "content-type")) {
      headers["Content-Type"] = c.bodyType === "json" ? "application/json" : "text/plain; charset=utf-8";
    }
  }
  return { method: c.method, url: url.toString(), headers, body, timeoutMs: c.timeoutMs };
}

function statusError(status: number, host: string, body: string) {
  const details: JsonValue = { status, body: snippet(body, 1000) };
  const message = `HTTP ${status} from ${host}${body.trim() ? `: ${snippet(body, 300)}` : ""}`;
  if (status >= 500 || status === 429) return retryable(message, `HTTP_${status}`, details);
  return fatal(message, `HTTP_${status}`, details);
}

export const httpRequestExecutor: NodeExecutor = {
  type: "http_request",
  version: 1,
  async preview(ctx) {
    const req = buildRequest(ctx, config(ctx));
    return {
      method: req.method,
      url: req.url,
      headers: maskHeaders(req.headers ?? {}),
      body: req.body ?? null,
      timeoutMs: req.timeoutMs,
    };
  },
  async execute(ctx): Promise<NodeResult> {
    const c = config(ctx);
    const req = buildRequest(ctx, c);
    const res = await ctx.services.http.request({ ...req, signal: ctx.signal });
    const warnings: string[] = [];
    const body = parseBody(res.headers, res.body, warnings);
    if (res.truncated) warnings.push("The response body was larger than the size limit and was cut off");
    if (c.failOnHttpError && res.status >= 400) throw statusError(res.status, new URL(res.url ?? req.url).host, res.body);
    return {
      output: { status: res.status, headers: res.headers, body, ...(res.truncated ? { truncated: true } : {}) },
      ...(warnings.length ? { warnings } : {}),
    };
  },
};
