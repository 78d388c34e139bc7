import { connectionRefsInText, stringsOf } from "@/lib/connections/refs";
import { acceptsSecretsAt, type FieldMetaMap } from "@/lib/nodes/field-meta";
import { resolveDeep, SECRET_MASK, type TemplateScope } from "@/lib/templates";
import { fatal, StepError, type ConnectionResolver, type JsonValue, type NodeContext, type StepConnection } from "@/server/engine/contract";
import { record } from "./config";

/**
 * Secrets in steps. The engine resolves {{connections.*}} to "••••", so the
 * config it records never holds a secret; a step whose fields accept secrets
 * resolves them again here, from its raw config, with the real values, in one
 * pass (a value coming from trigger data is never read as a template, so data
 * cannot ask for a secret). Whatever the step reports (recorded request,
 * output, errors) goes through maskSecrets first.
 */

export function connectionsOf(ctx: NodeContext): ConnectionResolver {
  const r = ctx.services.connections;
  if (!r) throw fatal("Connections are not available in this engine process, so this step cannot use its stored credentials", "CONNECTIONS_UNAVAILABLE");
  return r;
}

export interface StepSecrets {
  /** ctx.config with every field that accepts secrets resolved with the real values. */
  config: Record<string, unknown>;
  /** The secret values of the connections used, for masking. */
  secrets: string[];
  /** Names of the connections used. */
  used: string[];
}

/** Resolves {{connections.<name>.<field>}} in the fields (of ctx.rawConfig) that accept secrets. */
export async function withTemplateSecrets(ctx: NodeContext, meta: FieldMetaMap): Promise<StepSecrets> {
  const config = { ...record(ctx.config) };
  const raw = record(ctx.rawConfig);
  const fields = Object.keys(raw).filter((k) => acceptsSecretsAt(meta, [k]));
  const names = new Set<string>();
  for (const k of fields) for (const s of stringsOf(raw[k])) for (const ref of connectionRefsInText(s.text)) if (ref.name) names.add(ref.name);
  if (names.size === 0) return { config, secrets: [], used: [] };
  const conns = await connectionsOf(ctx).byNames(ctx.workspaceId, [...names]);
  const now = (ctx.scope as { now?: unknown }).now;
  const scope: TemplateScope = {
    ...ctx.scope,
    now: now instanceof Date ? now : ctx.services.now(),
    connections: Object.fromEntries(conns.map((c) => [c.name, c.values])),
  };
  for (const k of fields) {
    const result = resolveDeep(raw[k], scope);
    const unknown = result.missing.filter((m) => m.startsWith("connections"));
    if (unknown.length > 0) {
      throw fatal(`{{${unknown[0]}}} in "${k}" names a field its connection does not have; check the connection's fields in Settings → Connections`, "CONNECTION_FIELD");
    }
    config[k] = result.value;
  }
  return { config, secrets: conns.flatMap((c) => c.secrets), used: conns.map((c) => c.name) };
}

/** Headers an HTTP auth connection adds, and the secret forms they carry. */
export function authHeaders(conn: StepConnection): { headers: Record<string, string>; secrets: string[] } {
  const v = conn.values;
  switch (conn.type) {
    case "http_bearer":
      return { headers: { Authorization: `Bearer ${v.token ?? ""}` }, secrets: [] };
    case "http_header":
      return { headers: { [v.headerName ?? "Authorization"]: v.value ?? "" }, secrets: [] };
    case "http_basic": {
      const encoded = Buffer.from(`${v.username ?? ""}:${v.password ?? ""}`, "utf8").toString("base64");
      return { headers: { Authorization: `Basic ${encoded}` }, secrets: [encoded] };
    }
    default:
      throw fatal(`Connection "${conn.name}" (${conn.type}) cannot authenticate an HTTP request`, "CONNECTION_TYPE");
  }
}

/** Secrets shorter than this are not masked inside other text (masking "ab" everywhere would garble outputs). */
const MIN_MASKED_LENGTH = 4;

/** The forms a secret can take once it is sent: as is, URL-encoded (path and form styles) and JSON-escaped. */
function variants(secrets: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of secrets) {
    if (s.length < MIN_MASKED_LENGTH) continue;
    out.add(s);
    out.add(encodeURIComponent(s));
    out.add(new URLSearchParams({ s }).toString().slice(2));
    out.add(JSON.stringify(s).slice(1, -1));
    // A secret URL (Slack webhook) is secret by its path: a receiver may echo the path alone.
    const path = urlPath(s);
    if (path && path.length >= 8) out.add(path);
  }
  return [...out].sort((a, b) => b.length - a.length);
}

function urlPath(s: string): string | null {
  if (!/^https?:\/\//i.test(s)) return null;
  try {
    const u = new URL(s);
    return u.pathname + u.search;
  } catch {
    return null;
  }
}

function maskText(text: string, forms: readonly string[]): string {
  let out = text;
  for (const f of forms) if (out.includes(f)) out = out.split(f).join(SECRET_MASK);
  return out;
}

/** A copy of `value` with every occurrence of the secrets replaced by "••••" (keys too). */
export function maskSecrets<T extends JsonValue>(value: T, secrets: readonly string[]): T {
  const forms = variants(secrets);
  if (forms.length === 0) return value;
  const walk = (v: JsonValue): JsonValue => {
    if (typeof v === "string") return maskText(v, forms);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [maskText(k, forms), walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** Runs `fn`; a StepError it throws comes back with the secrets masked in its message and details. */
export async function maskingErrors<T>(secrets: readonly string[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (secrets.length === 0) throw err;
    if (err instanceof StepError) {
      throw new StepError(maskSecrets(err.message, secrets), err.retryable, err.code, err.details === undefined ? undefined : maskSecrets(err.details, secrets));
    }
    if (err instanceof Error) {
      const message = maskSecrets(err.message, secrets);
      if (message !== err.message) throw new Error(message);
    }
    throw err;
  }
}
