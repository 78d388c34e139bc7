import { formatPath, parsePath } from "../paths/parse";

/**
 * `{{ path }}` templates. Inside the braces is a path (lib/paths): roots are
 * trigger, steps, vars, loop, today, now, and connections (stored secrets, only
 * in fields that accept them: see lib/connections). Nothing is evaluated: no
 * expressions, no function calls, no filters.
 */

export const TEMPLATE_ROOTS = ["trigger", "steps", "vars", "loop", "today", "now", "connections"] as const;
export type TemplateRoot = (typeof TEMPLATE_ROOTS)[number];

export interface TemplateRef {
  /** Text between the braces, trimmed. */
  expression: string;
  /** Parsed segments; [] when the expression is not a valid path. */
  segments: string[];
  /** Canonical path text (e.g. `steps["Fetch order"].body`), or the expression when invalid. */
  path: string;
  /** Why the expression is not a valid path. */
  error?: string;
  /** Offsets of the whole `{{…}}` in the source string. */
  start: number;
  end: number;
}

// Non-greedy: the first "}}" closes the template. Expressions cannot span "{{".
const TEMPLATE_RE = /\{\{((?:(?!\{\{|\}\}).)*)\}\}/gs;

export function hasTemplate(text: string): boolean {
  TEMPLATE_RE.lastIndex = 0;
  const found = TEMPLATE_RE.test(text);
  TEMPLATE_RE.lastIndex = 0;
  return found;
}

export function extractTemplateRefs(text: string): TemplateRef[] {
  const refs: TemplateRef[] = [];
  for (const match of text.matchAll(TEMPLATE_RE)) {
    const expression = match[1].trim();
    const start = match.index ?? 0;
    const end = start + match[0].length;
    const parsed = parsePath(expression);
    if (parsed.ok) refs.push({ expression, segments: parsed.segments, path: formatPath(parsed.segments), start, end });
    else refs.push({ expression, segments: [], path: expression, error: parsed.error, start, end });
  }
  return refs;
}

/** The paths referenced by a string, canonical and de-duplicated, in order of appearance. */
export function extractTemplatePaths(text: string): string[] {
  return [...new Set(extractTemplateRefs(text).map((ref) => ref.path))];
}

/** When the whole string is exactly one `{{…}}` (no text around it), that reference. */
export function singleTemplate(text: string): TemplateRef | null {
  const refs = extractTemplateRefs(text);
  if (refs.length === 1 && refs[0].start === 0 && refs[0].end === text.length) return refs[0];
  return null;
}
