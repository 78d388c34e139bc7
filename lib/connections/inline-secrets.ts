import { hasTemplate } from "../templates/parse";
import type { GraphNode } from "../graph/schema";
import { connectionTemplate } from "./refs";

/**
 * Secrets typed straight into a step's config (before connections existed):
 * HTTP headers or query parameters named like credentials, and Slack webhook
 * URLs. They keep working; the editor flags them with a "move to a connection"
 * problem whose one-click fix stores the value as a connection.
 */
const SECRET_NAME_RE = /^(authorization|proxy-authorization|cookie|x-?api-?key|api[-_]?key|apikey|x-auth-token|auth[-_]?token|access[-_]?token|token|x-token|secret|client[-_]?secret|password)$|(^|[-_])(token|secret|api[-_]?key|password)$/i;

export interface InlineSecret {
  /** Config path of the value, e.g. "headers.0.value" or "webhookUrl". */
  field: string;
  kind: "header" | "query" | "slack_webhook";
  /** Header or parameter name (kind header/query). */
  name?: string;
  value: string;
}

export function looksLikeSecretName(name: string): boolean {
  return SECRET_NAME_RE.test(name.trim());
}

function rows(value: unknown): Array<{ key: string; value: string }> {
  if (!Array.isArray(value)) return [];
  return value.map((r) => {
    const row = (r ?? {}) as { key?: unknown; value?: unknown };
    return { key: typeof row.key === "string" ? row.key : "", value: typeof row.value === "string" ? row.value : "" };
  });
}

/** A literal value (no {{template}}) that is not empty. */
const literal = (v: string) => v.trim() !== "" && !hasTemplate(v);

export function inlineSecretsOf(node: Pick<GraphNode, "type" | "config">): InlineSecret[] {
  const config = (node.config ?? {}) as Record<string, unknown>;
  const found: InlineSecret[] = [];
  if (node.type === "http_request") {
    rows(config.headers).forEach((r, i) => {
      if (looksLikeSecretName(r.key) && literal(r.value)) found.push({ field: `headers.${i}.value`, kind: "header", name: r.key, value: r.value });
    });
    rows(config.query).forEach((r, i) => {
      if (looksLikeSecretName(r.key) && literal(r.value)) found.push({ field: `query.${i}.value`, kind: "query", name: r.key, value: r.value });
    });
  }
  if (node.type === "slack_message" && typeof config.webhookUrl === "string" && literal(config.webhookUrl)) {
    found.push({ field: "webhookUrl", kind: "slack_webhook", value: config.webhookUrl });
  }
  return found;
}

/** Shown instead of a secret typed into a step, to people who may not edit the automation. */
export const INLINE_SECRET_MASK = "••••";

function setPath(config: Record<string, unknown>, field: string, value: string): void {
  const parts = field.split(".");
  let cur: unknown = config;
  for (const p of parts.slice(0, -1)) cur = (cur as Record<string, unknown>)?.[p];
  if (cur && typeof cur === "object") (cur as Record<string, unknown>)[parts[parts.length - 1]!] = value;
}

/**
 * The graph with every inline secret (see inlineSecretsOf) replaced by a mask,
 * for read-only viewers: such a secret is stored in clear until it is moved to
 * a connection, but specialists never see it.
 */
export function maskInlineSecrets<G extends { nodes: Array<Pick<GraphNode, "type" | "config">> }>(graph: G): G {
  let changed = false;
  const nodes = graph.nodes.map((node) => {
    const secrets = inlineSecretsOf(node);
    if (secrets.length === 0) return node;
    changed = true;
    const config = structuredClone(node.config ?? {}) as Record<string, unknown>;
    for (const s of secrets) setPath(config, s.field, INLINE_SECRET_MASK);
    return { ...node, config };
  });
  return changed ? { ...graph, nodes } : graph;
}

type Rows = Array<{ key: string; value: string }>;

/**
 * "Move to a connection" (the editor's one-click fix): the connection a typed-in
 * secret becomes, and the node config that then uses it instead. A bearer
 * Authorization header becomes an HTTP bearer connection, another header an
 * HTTP header connection (the row leaves the step), a query parameter (or a
 * header while the step already has authentication) a key/value secret read
 * through {{connections.<name>.value}}, a Slack URL a Slack connection.
 */
export function moveInlineSecretPlan(node: Pick<GraphNode, "config">, secret: InlineSecret, name: string): { type: string; values: Record<string, string>; config: Record<string, unknown> } {
  const config = { ...(node.config as Record<string, unknown>) };
  if (secret.kind === "slack_webhook") return { type: "slack_webhook", values: { webhookUrl: secret.value.trim() }, config: { ...config, connectionId: "", webhookUrl: "" } };
  const [list, index] = secret.field.split(".") as ["headers" | "query", string];
  const rows = [...((config[list] as Rows | undefined) ?? [])];
  const bearer = /^bearer\s+(.+)$/i.exec(secret.value.trim());
  if (secret.kind === "header" && !config.connectionId) {
    const withoutRow = rows.filter((_, i) => i !== Number(index));
    return bearer && secret.name?.toLowerCase() === "authorization"
      ? { type: "http_bearer", values: { token: bearer[1] }, config: { ...config, [list]: withoutRow } }
      : { type: "http_header", values: { headerName: secret.name ?? "Authorization", value: secret.value }, config: { ...config, [list]: withoutRow } };
  }
  // Authentication is taken (or a query parameter): keep the row and read the secret from a key/value connection.
  rows[Number(index)] = { ...rows[Number(index)], value: connectionTemplate(name, "value") };
  return { type: "secrets", values: { value: secret.value }, config: { ...config, [list]: rows } };
}
