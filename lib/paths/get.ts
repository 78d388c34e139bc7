import { parsePath } from "./parse";

export type PathLookup = { found: true; value: unknown } | { found: false; value: undefined };

const NOT_FOUND: PathLookup = { found: false, value: undefined };

/**
 * Walks `segments` through plain objects and arrays using own properties only
 * (never the prototype chain, so `constructor` / `__proto__` are never reached).
 * Arrays accept numeric segments (`0`, `12`) and `length`.
 */
export function lookupSegments(root: unknown, segments: readonly string[]): PathLookup {
  let current: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      if (segment === "length") {
        current = current.length;
        continue;
      }
      if (!/^\d+$/.test(segment)) return NOT_FOUND;
      const index = Number(segment);
      if (index >= current.length) return NOT_FOUND;
      current = current[index];
      continue;
    }
    if (current === null || typeof current !== "object") return NOT_FOUND;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return NOT_FOUND;
    current = (current as Record<string, unknown>)[segment];
  }
  return { found: true, value: current };
}

/** Same as lookupSegments but takes a path string (`a.b.0.c`, `a["x y"][0]`). Invalid paths are not found. */
export function lookupPath(root: unknown, path: string): PathLookup {
  const parsed = parsePath(path);
  if (!parsed.ok) return NOT_FOUND;
  return lookupSegments(root, parsed.segments);
}

/** Value at a dotted path, or undefined when any segment is missing. */
export function getPath(root: unknown, path: string): unknown {
  return lookupPath(root, path).value;
}
