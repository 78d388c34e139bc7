/**
 * Webhook bodies by content type: JSON → value, urlencoded form → object
 * (repeated keys → lists), anything else → text (UTF-8). Empty body → null.
 */
export type ParsedBody = { ok: true; value: unknown } | { ok: false; message: string };

export function parseHookBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  if (raw.length === 0) return { ok: true, value: null };
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  const text = raw.toString("utf8");
  if (type === "application/json" || type.endsWith("+json")) {
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch (err) {
      return { ok: false, message: `The body is not valid JSON (${(err as Error).message}); send JSON, or another Content-Type to pass it as text` };
    }
  }
  if (type === "application/x-www-form-urlencoded") return { ok: true, value: formObject(new URLSearchParams(text)) };
  return { ok: true, value: text };
}

export function formObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of params) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
