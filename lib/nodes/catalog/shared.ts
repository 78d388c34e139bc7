import { z } from "zod";
import { hasTemplate } from "../../templates/parse";

/** A `{ key, value }` row (headers, query, inputs). `value` may contain {{templates}}. */
export const keyValueSchema = z.object({
  key: z.string().trim().min(1, "is required").max(200, "must be at most 200 characters"),
  value: z.string().max(10_000, "must be at most 10,000 characters").default(""),
});
export type KeyValue = z.infer<typeof keyValueSchema>;

export const keyValueListSchema = z.array(keyValueSchema).max(50, "must have at most 50 rows");

/** Adds an issue on `path` for each duplicate key (case-insensitive when asked). */
export function checkDuplicateKeys(
  rows: ReadonlyArray<{ key: string }>,
  ctx: z.RefinementCtx,
  field: string,
  caseInsensitive = false,
): void {
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const k = caseInsensitive ? row.key.toLowerCase() : row.key;
    if (seen.has(k)) ctx.addIssue({ code: "custom", path: [field, i, "key"], message: `is a duplicate: "${row.key}" is already used` });
    seen.add(k);
  });
}

/** "" (left to the required check), a {{template}}, or an http(s) URL. */
export function isHttpUrlOrTemplate(text: string): boolean {
  const t = text.trim();
  if (t === "" || hasTemplate(t)) return true;
  try {
    const url = new URL(t);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** "" , a template, valid JSON text. */
export function isJsonOrTemplate(text: string): boolean {
  const t = text.trim();
  if (t === "" || hasTemplate(t)) return true;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

const EMAIL_RE = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;
const NAMED_EMAIL_RE = /^[^<>]*<([^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+)>$/;

/** Splits a comma/semicolon-separated address list. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/** Addresses in a list that are neither templates nor valid (`a@b.co` or `Name <a@b.co>`). */
export function invalidAddresses(text: string): string[] {
  return splitAddresses(text).filter((part) => !hasTemplate(part) && !EMAIL_RE.test(part) && !NAMED_EMAIL_RE.test(part));
}

export function truncate(text: string, max = 100): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** A connection picked in a "connection" field (lib/connections); "" = none. Graphs hold only this id, never the secret. */
export function connectionIdField(description: string) {
  return z.string().trim().max(64, "must be at most 64 characters").default("").describe(description);
}
