/**
 * Value semantics for the condition operators. Pure functions, JSON-ish values.
 *
 * - Numeric: a finite number, or a string that is entirely a decimal number
 *   ("10", " -2.5 ", "1e3"). Empty text, "0x10", "Infinity" and booleans are not numeric.
 * - Date-like: a Date, or an ISO 8601 string "YYYY-MM-DD" with optional time and zone
 *   ("2024-05-01", "2024-05-01T10:00:00Z", "2024-05-01 10:00"). Date-only = 00:00 UTC.
 */

const NUMERIC_RE = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

export function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && NUMERIC_RE.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function toDateMs(value: unknown): number | null {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? null : ms;
  }
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (!ISO_DATE_RE.test(text)) return null;
  // "YYYY-MM-DD HH:mm" is not accepted by every engine: normalise the separator;
  // date-time without a zone is read as UTC so results never depend on the server's zone.
  let normalised = text.replace(" ", "T");
  if (normalised.length > 10 && !/(Z|[+-]\d{2}(:?\d{2})?)$/.test(normalised)) normalised += "Z";
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? null : ms;
}

function booleanText(value: string): boolean | null {
  const t = value.trim().toLowerCase();
  if (t === "true") return true;
  if (t === "false") return false;
  return null;
}

/**
 * Equality used by eq / neq / in / contains (array elements):
 * - null and undefined (missing) are equal to each other and to nothing else;
 * - a number equals a numeric string with the same value (10 == "10" == "10.0"),
 *   two strings compare exactly ("01" != "1": text stays text);
 * - a boolean equals "true"/"false" text (case-insensitive);
 * - Dates equal Dates/ISO strings at the same instant;
 * - strings are case-sensitive; arrays and objects compare structurally.
 */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null) return a === b;
  if (typeof a === typeof b && typeof a !== "object") return a === b;

  if (typeof a === "number" || typeof b === "number") {
    const na = toNumber(a);
    const nb = toNumber(b);
    return na !== null && nb !== null && na === nb;
  }
  if (typeof a === "boolean" && typeof b === "string") return booleanText(b) === a;
  if (typeof b === "boolean" && typeof a === "string") return booleanText(a) === b;
  if (a instanceof Date || b instanceof Date) {
    const da = toDateMs(a);
    const db = toDateMs(b);
    return da !== null && db !== null && da === db;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => looseEquals(item, b[i]));
  }
  if (typeof a === "object" && typeof b === "object") {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keysA = Object.keys(ra).filter((k) => ra[k] !== undefined);
    const keysB = Object.keys(rb).filter((k) => rb[k] !== undefined);
    if (keysA.length !== keysB.length) return false;
    return keysA.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && looseEquals(ra[k], rb[k]));
  }
  return false;
}

export type CompareResult = { ok: true; cmp: number } | { ok: false; why: string };

/**
 * Ordering for gt/gte/lt/lte: both numeric → numbers; else both date-like →
 * chronological; anything else (text, booleans, null, missing, lists) is not comparable.
 */
export function compareOrdered(actual: unknown, expected: unknown): CompareResult {
  const na = toNumber(actual);
  const nb = toNumber(expected);
  if (na !== null && nb !== null) return { ok: true, cmp: Math.sign(na - nb) };
  const da = toDateMs(actual);
  const db = toDateMs(expected);
  if (da !== null && db !== null) return { ok: true, cmp: Math.sign(da - db) };
  return { ok: false, why: "not comparable: needs two numbers or two ISO dates" };
}

/**
 * A list operand (contains_any, in): an array as is; text is split on commas
 * ("Referral, Website" → ["Referral", "Website"]); any other single value → [value];
 * null / missing → [].
 */
export function toList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === "string") {
    return value
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part !== "");
  }
  return [value];
}

/** Text form of a scalar for substring operators; null for objects, arrays, null and booleans. */
export function toText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}
