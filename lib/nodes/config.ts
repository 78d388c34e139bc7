import type { z } from "zod";
import { resolveDeep, type ResolveDeepResult } from "../templates/resolve";
import type { TemplateScope } from "../templates/scope";
import { encodingForConfigPath, isRawConfigPath, type CatalogNodeType, type FieldMetaMap } from "./field-meta";
import { getNodeType } from "./registry";
import type { NodeTypeDefinition } from "./types";

export interface ConfigIssue {
  /** Dotted config path, e.g. "headers.0.key"; absent for whole-config issues. */
  field?: string;
  /** Predicate phrase ("is required", "must be at most 120,000 ms …") or a sentence. */
  message: string;
}

const PREDICATE_START = /^(is|are|must|has|have|cannot|can't|should|needs?|was|does)\b/;

/** `"to" is required`, `"headers.0.key": …` — the field quoted, then the message. */
export function formatFieldMessage(field: string | undefined, message: string): string {
  if (!field) return message;
  return PREDICATE_START.test(message) ? `"${field}" ${message}` : `"${field}": ${message}`;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

function fmt(n: unknown): string {
  return typeof n === "number" || typeof n === "bigint" ? n.toLocaleString("en-US") : String(n);
}

/** Per-parse zod error map: predicate phrases for built-in checks that have no message of their own. */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `must be ${article(String(issue.expected))}`;
    case "too_small": {
      const min = fmt(issue.minimum);
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "is required" : `must be at least ${min} characters`;
      if (issue.origin === "array" || issue.origin === "set") return `must have at least ${min} item${Number(issue.minimum) === 1 ? "" : "s"}`;
      return issue.inclusive === false ? `must be greater than ${min}` : `must be at least ${min}`;
    }
    case "too_big": {
      const max = fmt(issue.maximum);
      if (issue.origin === "string") return `must be at most ${max} characters`;
      if (issue.origin === "array" || issue.origin === "set") return `must have at most ${max} items`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case "invalid_value":
      return `must be one of: ${issue.values.map((v) => String(v)).join(", ")}`;
    case "invalid_format":
      return `must be a valid ${issue.format}`;
    case "unrecognized_keys":
      return `has unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}`;
    case "invalid_union":
      return "has an invalid value";
    default:
      return undefined;
  }
};

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

export interface NodeConfigValidation<T = unknown> {
  ok: boolean;
  /** Parsed config (defaults applied) when the schema accepts it, even if required fields are empty. */
  config?: T;
  issues: ConfigIssue[];
}

/**
 * Validates a node's config with its type's schema plus the `required` fieldMeta
 * checks (fields a fresh node leaves empty). Use this wherever configs are checked
 * (graph validation, REST, forms) so every surface reports the same issues.
 */
export function validateNodeConfig<TSchema extends z.ZodType>(
  def: NodeTypeDefinition<TSchema> & { fieldMeta?: FieldMetaMap },
  config: unknown,
): NodeConfigValidation<z.infer<TSchema>> {
  const parsed = def.configSchema.safeParse(config ?? {}, { error: configErrorMap });
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({
        field: issue.path.length > 0 ? issue.path.map(String).join(".") : undefined,
        message: issue.message,
      })),
    };
  }
  const issues: ConfigIssue[] = [];
  const data = parsed.data as Record<string, unknown>;
  for (const [key, meta] of Object.entries(def.fieldMeta ?? {})) {
    if (key.includes("*") || !isEmpty(data[key])) continue;
    if (meta.required) issues.push({ field: key, message: "is required" });
    else if (meta.requiredUnless && isEmpty(data[meta.requiredUnless])) {
      const other = def.fieldMeta?.[meta.requiredUnless]?.label ?? meta.requiredUnless;
      issues.push({ field: key, message: `is required unless a ${other.toLowerCase()} is chosen` });
    }
  }
  return { ok: issues.length === 0, config: parsed.data, issues };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/**
 * Resolves templates in a node config before execution, honouring fieldMeta:
 * `raw` fields stay literal (code, condition fields, variable names) and `encode: "html"`
 * fields get HTML-escaped interpolations.
 */
export function resolveNodeConfig(type: string | CatalogNodeType, config: unknown, scope: TemplateScope): ResolveDeepResult {
  const def = typeof type === "string" ? getNodeType(type) : type;
  const meta = def?.fieldMeta ?? {};
  const rawPaths = (path: ReadonlyArray<string | number>) => isRawConfigPath(meta, path);
  const hasEncoded = Object.values(meta).some((m) => m.encode);
  if (!hasEncoded) return resolveDeep(config, scope, { skip: rawPaths });

  // Resolve field by field so each top-level field can use its own encoding.
  if (config === null || typeof config !== "object" || Array.isArray(config)) return resolveDeep(config, scope, { skip: rawPaths });
  const out: Record<string, unknown> = {};
  const missing = new Set<string>();
  const warnings: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const encoding = encodingForConfigPath(meta, [key]);
    const result = resolveDeep(value, scope, {
      skip: (path) => rawPaths([key, ...path]),
      encode: encoding === "html" ? escapeHtml : undefined,
    });
    out[key] = result.value;
    result.missing.forEach((m) => missing.add(m));
    warnings.push(...result.warnings.map((w) => (w.startsWith("(value)") ? w.replace("(value)", key) : `${key}.${w}`)));
  }
  return { value: out, missing: [...missing], warnings };
}
