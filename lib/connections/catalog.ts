import { z } from "zod";
import type { ConnectionFieldDefinition, ConnectionTypeDefinition } from "./types";

const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
export const SECRET_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const MAX_SECRET_KEYS = 50;

const text = (max: number) => z.string().max(max, `must be at most ${max.toLocaleString("en-US")} characters`);
const httpUrl = (max = 2_000) =>
  text(max).refine((v) => {
    if (v.trim() === "") return true;
    try {
      const u = new URL(v.trim());
      return u.protocol === "http:" || u.protocol === "https:";
    } catch {
      return false;
    }
  }, "must be an http:// or https:// URL");

const testUrlField: ConnectionFieldDefinition = {
  name: "testUrl",
  label: "Test URL",
  secret: false,
  required: false,
  widget: "url",
  placeholder: "https://api.example.com/me",
  description: "Optional. Test connection sends GET here with the credentials; 2xx means they work.",
  schema: httpUrl(),
};

export const httpHeaderConnection: ConnectionTypeDefinition = {
  type: "http_header",
  label: "HTTP header auth",
  description: "Sends a secret in a request header you name, e.g. X-Api-Key.",
  icon: "KeyRound",
  testable: true,
  usedBy: "HTTP request",
  fields: [
    {
      name: "headerName",
      label: "Header name",
      secret: false,
      required: true,
      placeholder: "X-Api-Key",
      schema: text(200).refine((v) => v.trim() === "" || HEADER_NAME_RE.test(v.trim()), "is not a valid header name"),
    },
    { name: "value", label: "Header value", secret: true, required: true, widget: "password", schema: text(10_000) },
    testUrlField,
  ],
};

export const httpBearerConnection: ConnectionTypeDefinition = {
  type: "http_bearer",
  label: "HTTP bearer token",
  description: "Sends Authorization: Bearer <token>.",
  icon: "Ticket",
  testable: true,
  usedBy: "HTTP request",
  fields: [{ name: "token", label: "Token", secret: true, required: true, widget: "password", schema: text(10_000) }, testUrlField],
};

export const httpBasicConnection: ConnectionTypeDefinition = {
  type: "http_basic",
  label: "HTTP basic auth",
  description: "Sends Authorization: Basic with a user name and password.",
  icon: "UserRound",
  testable: true,
  usedBy: "HTTP request",
  fields: [
    { name: "username", label: "User name", secret: false, required: true, schema: text(500).refine((v) => !v.includes(":"), "must not contain a colon") },
    { name: "password", label: "Password", secret: true, required: true, widget: "password", schema: text(2_000) },
    testUrlField,
  ],
};

export const slackWebhookConnection: ConnectionTypeDefinition = {
  type: "slack_webhook",
  label: "Slack incoming webhook",
  description: "A Slack incoming-webhook URL; the URL itself is the secret.",
  icon: "MessageSquare",
  testable: true,
  usedBy: "Slack message",
  fields: [
    {
      name: "webhookUrl",
      label: "Webhook URL",
      secret: true,
      required: true,
      widget: "password",
      placeholder: "https://hooks.slack.com/services/…",
      schema: httpUrl(),
    },
  ],
};

export const SMTP_SECURITY = ["starttls", "tls", "none"] as const;

export const smtpConnection: ConnectionTypeDefinition = {
  type: "smtp",
  label: "SMTP server",
  description: "A mail server and sender for Send email steps.",
  icon: "Mail",
  testable: true,
  usedBy: "Send email",
  fields: [
    { name: "host", label: "Host", secret: false, required: true, placeholder: "smtp.example.com", schema: text(255).refine((v) => !/[\s/:@]/.test(v.trim()), "must be a host name or IP address (no scheme, port or spaces)") },
    { name: "port", label: "Port", secret: false, required: true, placeholder: "587", schema: text(5).refine((v) => v.trim() === "" || (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 65535), "must be a port number from 1 to 65535") },
    {
      name: "security",
      label: "Security",
      secret: false,
      required: true,
      widget: "select",
      options: SMTP_SECURITY,
      description: "starttls: upgrade on port 587 · tls: implicit TLS on port 465 · none: plain (local relays only)",
      schema: text(20).refine((v) => v === "" || (SMTP_SECURITY as readonly string[]).includes(v), `must be one of: ${SMTP_SECURITY.join(", ")}`),
    },
    { name: "username", label: "User name", secret: false, required: false, schema: text(500) },
    { name: "password", label: "Password", secret: true, required: false, widget: "password", schema: text(2_000) },
    { name: "from", label: "Sender", secret: false, required: true, placeholder: "Ops <ops@example.com>", schema: text(500).refine((v) => v.trim() === "" || /[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+/.test(v), "must contain an email address, e.g. Ops <ops@example.com>") },
  ],
};

export const secretsConnection: ConnectionTypeDefinition = {
  type: "secrets",
  label: "Secrets (key/value)",
  description: "Named secrets for {{connections.<name>.<key>}} in fields that accept secrets.",
  icon: "Vault",
  testable: false,
  keyValue: true,
  usedBy: "HTTP request URL, headers, query and body",
  fields: [],
};

/** Every connection type, in display order. */
export const CONNECTION_TYPES: readonly ConnectionTypeDefinition[] = [
  httpBearerConnection,
  httpHeaderConnection,
  httpBasicConnection,
  slackWebhookConnection,
  smtpConnection,
  secretsConnection,
];

export const CONNECTION_TYPE_IDS = CONNECTION_TYPES.map((t) => t.type) as [string, ...string[]];

const BY_TYPE = new Map(CONNECTION_TYPES.map((t) => [t.type, t]));

export function getConnectionType(type: string): ConnectionTypeDefinition | undefined {
  return BY_TYPE.get(type);
}

/** Is this field of the type secret? (Every key of a key/value type is.) */
export function isSecretField(def: ConnectionTypeDefinition, field: string): boolean {
  if (def.keyValue) return true;
  return def.fields.some((f) => f.name === field && f.secret);
}

/** Field names a template may read: the type's fields, or the stored keys of a key/value connection. */
export function templateFields(def: ConnectionTypeDefinition, keys: readonly string[]): string[] {
  return def.keyValue ? [...keys] : def.fields.map((f) => f.name);
}
