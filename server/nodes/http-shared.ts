import type { JsonValue } from "@/server/engine/contract";

/** Sent by HTTP and Slack steps unless the step sets its own. */
export const USER_AGENT = "Switchyard/1.0 (+automation step)";

const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token"]);

export function hasHeader(headers: Record<string, string>, name: string): boolean {
  const lower = name.toLowerCase();
  return Object.keys(headers).some((k) => k.toLowerCase() === lower);
}

/** Headers for previews: credentials shown as their first characters only. */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    out[k] = SECRET_HEADERS.has(k.toLowerCase()) && v.length > 0 ? `${v.slice(0, Math.min(6, Math.floor(v.length / 3)))}…(hidden)` : v;
  }
  return out;
}

export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mime = contentType.split(";")[0].trim().toLowerCase();
  return mime === "application/json" || mime.endsWith("+json") || mime === "text/json";
}

/** JSON bodies (by content type) parsed; others (or unparsable JSON) kept as text with a warning. */
export function parseBody(headers: Record<string, string>, body: string, warnings: string[]): JsonValue {
  if (!isJsonContentType(headers["content-type"]) || body.trim() === "") return body;
  try {
    return JSON.parse(body) as JsonValue;
  } catch {
    warnings.push("The response says it is JSON but could not be parsed; the body is kept as text");
    return body;
  }
}
