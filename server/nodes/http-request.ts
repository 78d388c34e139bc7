import { inlineSecretsOf } from "@/lib/connections/inline-secrets";
import { httpRequestConfigSchema, httpRequestNode, HTTP_AUTH_CONNECTION_TYPES, type HttpRequestConfig } from "@/lib/nodes/catalog/http-request";
import { fatal, retryable, type HttpRequestSpec, type JsonValue, type NodeContext, type NodeExecutor, type NodeResult } from "@/server/engine/contract";
import { numeric, optionalText, parseConfig, record, snippet, textRows } from "./config";
import { USER_AGENT, hasHeader, maskHeaders, parseBody } from "./http-shared";
import { authHeaders, connectionsOf, maskingErrors, maskSecrets, withTemplateSecrets } from "./secrets";

/**
 * HTTP request. Sends through ctx.services.http (SSRF guard, redirects re-checked)
 * with `Idempotency-Key: <step idempotency key>` so a retried step can be
 * de-duplicated by the receiver. JSON responses are parsed.
 * failOnHttpError: 5xx and 429 fail retryably, other 4xx fail fatally.
 * Credentials come from a connection (Authentication) or from {{connections.*}}
 * in the URL, query, headers or body; the step then records the request it sent
 * with every secret masked, and masks them in its output and errors too.
 */
function config(resolved: unknown): HttpRequestConfig {
  const raw = record(resolved);
  return parseConfig(
    httpRequestConfigSchema,
    {
      ...raw,
      url: optionalText(raw.url),
      body: optionalText(raw.body),
      headers: textRows(raw.headers),
      query: textRows(raw.query),
      timeoutMs: numeric(raw.timeoutMs),
      connectionId: optionalText(raw.connectionId),
    },
    "HTTP request",
  );
}

function setHeader(headers: Record<string, string>, name: string, value: string): void {
  for (const k of Object.keys(headers)) if (k.toLowerCase() === name.toLowerCase()) delete headers[k];
  headers[name] = value;
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

/** The request with its credentials: template secrets resolved, the connection's headers added. */
async function plan(ctx: NodeContext): Promise<{ c: HttpRequestConfig; req: Omit<HttpRequestSpec, "signal">; secrets: string[]; connection: string | null }> {
  const withSecrets = await withTemplateSecrets(ctx, httpRequestNode.fieldMeta);
  const secrets = [...withSecrets.secrets];
  const c = await maskingErrors(secrets, async () => config(withSecrets.config));
  const req = await maskingErrors(secrets, async () => buildRequest(ctx, c));
  let connection: string | null = null;
  if (c.connectionId) {
    const conn = await connectionsOf(ctx).byId(ctx.workspaceId, c.connectionId, HTTP_AUTH_CONNECTION_TYPES);
    const auth = authHeaders(conn);
    for (const [name, value] of Object.entries(auth.headers)) setHeader(req.headers ?? {}, name, value);
    secrets.push(...conn.secrets, ...auth.secrets);
    connection = conn.name;
  }
  // Credentials typed into the step before connections existed (headers/query named like secrets): recorded masked too.
  const inline = inlineSecretsOf({ type: "http_request", config: record(ctx.config) }).map((x) => x.value);
  secrets.push(...inline);
  if (connection === null && withSecrets.used.length === 0 && inline.length === 0) return { c, req, secrets, connection };
  // What was sent, secrets masked: recorded as the step's request instead of the resolved config.
  const sent: JsonValue = {
    method: req.method,
    url: req.url,
    headers: req.headers ?? {},
    body: req.body ?? null,
    timeoutMs: req.timeoutMs,
    connections: [...(connection ? [connection] : []), ...withSecrets.used],
  };
  ctx.recordRequest?.(maskSecrets(sent, secrets));
  return { c, req, secrets, connection };
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
    // No secret is decrypted for a preview: {{connections.*}} already show as "••••".
    const c = config(ctx.config);
    const req = buildRequest(ctx, c);
    return {
      method: req.method,
      url: req.url,
      headers: maskHeaders(req.headers ?? {}),
      body: req.body ?? null,
      timeoutMs: req.timeoutMs,
      ...(c.connectionId ? { connectionId: c.connectionId } : {}),
    };
  },
  async execute(ctx): Promise<NodeResult> {
    const { c, req, secrets } = await plan(ctx);
    return maskingErrors(secrets, async () => {
      const res = await ctx.services.http.request({ ...req, signal: ctx.signal });
      const warnings: string[] = [];
      const body = parseBody(res.headers, res.body, warnings);
      if (res.truncated) warnings.push("The response body was larger than the size limit and was cut off");
      if (c.failOnHttpError && res.status >= 400) throw statusError(res.status, new URL(res.url ?? req.url).host, res.body);
      const output: JsonValue = { status: res.status, headers: res.headers, body, ...(res.truncated ? { truncated: true } : {}) };
      return { output: maskSecrets(output, secrets), ...(warnings.length ? { warnings } : {}) };
    });
  },
};
