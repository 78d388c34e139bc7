/**
 * Keys whose values never reach a log line, at any nesting depth up to
 * MAX_DEPTH (pino's redaction needs explicit paths: `*.key`, `*.*.key`, …).
 * Matching is by exact key, case-sensitive, so common spellings are listed.
 * Values elsewhere (a message text, a key not listed) are not inspected:
 * log ids and outcomes, never requests, headers, bodies or credentials.
 */
export const SECRET_KEYS = [
  "authorization",
  "Authorization",
  "proxy-authorization",
  "cookie",
  "Cookie",
  "set-cookie",
  "password",
  "passwordHash",
  "newPassword",
  "secret",
  "secretEnc",
  "clientSecret",
  "client_secret",
  "token",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "idToken",
  "id_token",
  "apiKey",
  "api_key",
  "x-api-key",
  "privateKey",
  "private_key",
  "encryptionKey",
  "webhookSecret",
  "signingSecret",
  "x-webhook-secret",
  "credentials",
] as const;

export const REDACT_CENSOR = "[redacted]";
const MAX_DEPTH = 4;

function segment(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
}

function join(prefix: string, key: string): string {
  const s = segment(key);
  if (!prefix) return s;
  return s.startsWith("[") ? `${prefix}${s}` : `${prefix}.${s}`;
}

/** pino `redact.paths`: every secret key at depth 0 … MAX_DEPTH. */
export const REDACT_PATHS: string[] = SECRET_KEYS.flatMap((key) =>
  Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => join(Array.from({ length: depth }, () => "*").join("."), key)),
);
