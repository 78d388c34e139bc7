import { lookupSegments, type PathLookup } from "../paths/get";
import { extractTemplateRefs, singleTemplate, type TemplateRef } from "./parse";
import { formatToday, type TemplateScope } from "./scope";

/** What a secret looks like wherever it is shown: {{connections.*}} without secrets supplied, step records, previews. */
export const SECRET_MASK = "••••";

export interface ResolveOptions {
  /** What a missing variable becomes inside text: "" (default) or the original `{{…}}` text (previews). */
  onMissing?: "empty" | "keep";
  /** Applied to every interpolated value (e.g. encodeURIComponent for URLs, HTML escaping). Not applied to whole-value templates. */
  encode?: (text: string) => string;
}

export interface ResolveResult {
  value: unknown;
  /** Canonical paths that were not found (or not valid paths), de-duplicated. */
  missing: string[];
}

const NOT_FOUND: PathLookup = { found: false, value: undefined };

/** Looks a template path up in the scope. */
export function lookupTemplatePath(segments: readonly string[], scope: TemplateScope): PathLookup {
  if (segments.length === 0) return NOT_FOUND;
  const [root, ...rest] = segments;
  switch (root) {
    case "trigger":
      return lookupSegments(scope.trigger, rest);
    case "steps":
      return lookupSegments(scope.steps, rest);
    case "vars":
      return lookupSegments(scope.vars, rest);
    case "loop":
      return scope.loop ? lookupSegments(scope.loop, rest) : NOT_FOUND;
    case "today":
      return rest.length === 0 ? { found: true, value: formatToday(scope.now) } : NOT_FOUND;
    case "now":
      return rest.length === 0 ? { found: true, value: scope.now.toISOString() } : NOT_FOUND;
    case "connections":
      if (!scope.connections) return rest.length === 2 ? { found: true, value: SECRET_MASK } : NOT_FOUND;
      return rest.length === 2 ? lookupSegments(scope.connections, rest) : NOT_FOUND;
    default:
      return NOT_FOUND;
  }
}

/** Text form of an interpolated value: text as is, null → "", Dates as ISO, objects/arrays as JSON. */
export function stringifyTemplateValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value instanceof Date) return value.toISOString();
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return String(value);
  }
}

function lookupRef(ref: TemplateRef, scope: TemplateScope): PathLookup {
  return ref.error ? NOT_FOUND : lookupTemplatePath(ref.segments, scope);
}

/**
 * Resolves `{{ … }}` in one string.
 * - The whole string is exactly one template → the raw value (arrays, numbers, objects kept).
 * - Otherwise each template is replaced by its text form.
 * - Missing variables become "" (or stay as written with onMissing "keep") and are listed in `missing`.
 */
export function resolveTemplate(text: string, scope: TemplateScope, opts: ResolveOptions = {}): ResolveResult {
  const single = singleTemplate(text);
  if (single) {
    const lookup = lookupRef(single, scope);
    if (lookup.found) return { value: lookup.value === undefined ? null : lookup.value, missing: [] };
    return { value: opts.onMissing === "keep" ? text : "", missing: [single.path] };
  }
  const refs = extractTemplateRefs(text);
  if (refs.length === 0) return { value: text, missing: [] };
  const missing = new Set<string>();
  let out = "";
  let cursor = 0;
  for (const ref of refs) {
    out += text.slice(cursor, ref.start);
    cursor = ref.end;
    const lookup = lookupRef(ref, scope);
    if (!lookup.found) {
      missing.add(ref.path);
      if (opts.onMissing === "keep") out += text.slice(ref.start, ref.end);
      continue;
    }
    const piece = stringifyTemplateValue(lookup.value);
    out += opts.encode ? opts.encode(piece) : piece;
  }
  out += text.slice(cursor);
  return { value: out, missing: [...missing] };
}

export type ConfigPath = ReadonlyArray<string | number>;

export interface ResolveDeepOptions extends ResolveOptions {
  /** Return true for config locations that must stay literal (code, condition fields …). */
  skip?: (path: ConfigPath) => boolean;
}

export interface ResolveDeepResult {
  /** The resolved copy (whole-value templates may change a string into any JSON value). */
  value: unknown;
  /** Missing template paths, de-duplicated. */
  missing: string[];
  /** One line per missing variable and where it is used, e.g. `headers.0.value: {{steps.auth.token}} was not found`. */
  warnings: string[];
}

/** Text form of a config location: `headers.0.value`. */
export function formatConfigPath(path: ConfigPath): string {
  return path.length === 0 ? "(value)" : path.join(".");
}

/** Resolves every string inside a config value (objects and arrays walked; keys untouched). */
export function resolveDeep(value: unknown, scope: TemplateScope, opts: ResolveDeepOptions = {}): ResolveDeepResult {
  const missing = new Set<string>();
  const warnings: string[] = [];

  const walk = (node: unknown, path: Array<string | number>): unknown => {
    if (opts.skip?.(path)) return node;
    if (typeof node === "string") {
      const result = resolveTemplate(node, scope, opts);
      for (const m of result.missing) {
        missing.add(m);
        warnings.push(`${formatConfigPath(path)}: {{${m}}} was not found`);
      }
      return result.value;
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (node !== null && typeof node === "object" && !(node instanceof Date)) {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) out[key] = walk(child, [...path, key]);
      return out;
    }
    return node;
  };

  return { value: walk(value, []), missing: [...missing], warnings };
}

