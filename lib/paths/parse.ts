/**
 * Path syntax shared by conditions (`field`) and templates (`{{ path }}`).
 *
 *   a.b.c               dot segments (may contain spaces: `steps.Fetch order.body`)
 *   items.0.name        numeric segments index arrays
 *   items[0].name       bracket index
 *   steps["Fetch order"].body / steps['x.y']   quoted bracket segment (any characters; \" \' \\ escapes)
 *
 * Segments are plain strings; nothing is ever evaluated.
 */

export type PathParseResult = { ok: true; segments: string[] } | { ok: false; error: string };

const MAX_PATH_LENGTH = 500;
const FORBIDDEN_IN_DOT_SEGMENT = /[[\]{}"']/;

export function parsePath(input: string): PathParseResult {
  const path = input.trim();
  if (path === "") return { ok: false, error: "path is empty" };
  if (path.length > MAX_PATH_LENGTH) return { ok: false, error: `path is longer than ${MAX_PATH_LENGTH} characters` };

  const segments: string[] = [];
  let i = 0;
  // expecting: "segment" at start / after a dot; after a bracket: "." or "[" or end
  let afterBracket = false;
  while (i < path.length) {
    const ch = path[i];
    if (ch === "[") {
      const parsed = parseBracket(path, i);
      if (!parsed.ok) return parsed;
      segments.push(parsed.segment);
      i = parsed.end;
      afterBracket = true;
      continue;
    }
    if (afterBracket) {
      if (ch !== ".") return { ok: false, error: `expected "." or "[" after "]" at position ${i + 1}` };
      i += 1;
      afterBracket = false;
      if (i >= path.length) return { ok: false, error: "path ends with a dot" };
      continue;
    }
    // dot segment: read until "." or "["
    let j = i;
    while (j < path.length && path[j] !== "." && path[j] !== "[") j += 1;
    const raw = path.slice(i, j);
    const segment = raw.trim();
    if (segment === "") return { ok: false, error: `empty segment at position ${i + 1}` };
    if (FORBIDDEN_IN_DOT_SEGMENT.test(segment)) {
      return { ok: false, error: `unexpected character in "${segment}" (use ["…"] for names with quotes or brackets)` };
    }
    segments.push(segment);
    i = j;
    if (path[i] === ".") {
      i += 1;
      if (i >= path.length) return { ok: false, error: "path ends with a dot" };
    }
  }
  return { ok: true, segments };
}

function parseBracket(path: string, start: number): { ok: true; segment: string; end: number } | { ok: false; error: string } {
  let i = start + 1;
  while (path[i] === " ") i += 1;
  const quote = path[i];
  if (quote === '"' || quote === "'") {
    let value = "";
    i += 1;
    while (i < path.length && path[i] !== quote) {
      if (path[i] === "\\" && i + 1 < path.length) {
        value += path[i + 1];
        i += 2;
      } else {
        value += path[i];
        i += 1;
      }
    }
    if (i >= path.length) return { ok: false, error: `unterminated string in [${quote}…` };
    i += 1;
    while (path[i] === " ") i += 1;
    if (path[i] !== "]") return { ok: false, error: `expected "]" at position ${i + 1}` };
    return { ok: true, segment: value, end: i + 1 };
  }
  const close = path.indexOf("]", i);
  if (close === -1) return { ok: false, error: `missing "]" after position ${start + 1}` };
  const inner = path.slice(i, close).trim();
  if (!/^\d+$/.test(inner)) return { ok: false, error: `[${inner}] must be an index like [0] or a quoted name like ["name"]` };
  return { ok: true, segment: inner, end: close + 1 };
}

const PLAIN_SEGMENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$|^\d+$/;

/** Canonical text of a path: plain segments joined with dots, others as ["…"]. */
export function formatPath(segments: readonly string[]): string {
  let out = "";
  segments.forEach((segment, index) => {
    if (PLAIN_SEGMENT.test(segment)) out += index === 0 ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  });
  return out;
}
