import type { z } from "zod";
import { configErrorMap, formatFieldMessage } from "@/lib/nodes/config";
import { stringifyTemplateValue } from "@/lib/templates";
import { fatal, type JsonValue } from "@/server/engine/contract";

/**
 * Helpers shared by executors. ctx.config arrives with templates resolved, and a
 * whole-value template ("{{trigger.amount}}") keeps its type, so a text field may
 * hold a number, list or object: executors coerce such fields to text before
 * validating with the catalog schema (which also applies defaults).
 */

export interface ConfigIssue {
  field: string;
  message: string;
}

/** Validates a resolved config with the node type's catalog schema; fatal CONFIG_INVALID otherwise. */
export function parseConfig<T extends z.ZodType>(schema: T, value: unknown, label: string): z.infer<T> {
  const parsed = schema.safeParse(value ?? {}, { error: configErrorMap });
  if (parsed.success) return parsed.data;
  const issues: ConfigIssue[] = parsed.error.issues.map((i) => ({ field: i.path.map(String).join("."), message: i.message }));
  const text = issues.map((i) => formatFieldMessage(i.field || undefined, i.message)).join("; ");
  throw fatal(`${label} settings are invalid after filling in variables: ${text}`, "CONFIG_INVALID", {
    issues: issues as unknown as JsonValue,
  });
}

/** The config as an object (anything else becomes {}). */
export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Text form of a resolved value: text as is, null/undefined → "", other values as JSON. */
export function text(value: unknown): string {
  return stringifyTemplateValue(value);
}

/** Text unless the value is absent (so schema defaults still apply). */
export function optionalText(value: unknown): string | undefined {
  return value === undefined ? undefined : text(value);
}

/** A number, or numeric text; otherwise the value unchanged (so the schema reports it). */
export function numeric(value: unknown): unknown {
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return value;
}

/** `{ key, value }` rows with both sides as text; a non-list stays as is for the schema to report. */
export function textRows(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((row) => {
    const r = record(row);
    return { key: text(r.key), value: text(r.value) };
  });
}

/** `{ key, value }` rows keeping each value's resolved type. */
export function rawRows(value: unknown): Array<{ key: string; value: unknown }> {
  if (!Array.isArray(value)) return [];
  return value.map((row) => {
    const r = record(row);
    return { key: text(r.key).trim(), value: r.value === undefined ? "" : r.value };
  });
}

/** Plain JSON copy (drops undefined, Dates → ISO strings). */
export function json(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value) ?? "null") as JsonValue;
}

/** First `max` characters of a text, with an ellipsis when cut. */
export function snippet(value: string, max = 300): string {
  const one = value.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
