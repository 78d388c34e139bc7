import { MAX_SECRET_KEYS, SECRET_KEY_RE } from "./catalog";
import type { ConnectionTypeDefinition, ConnectionValues } from "./types";

export interface ConnectionValueIssue {
  /** "values.<field>" or "values" */
  field: string;
  message: string;
}

const KEY_VALUE_MAX = 10_000;

/**
 * Checks a connection's values against its type. `stored` lists the secret
 * fields already saved: they need not be sent again (write-only secrets are
 * replaced, never read back). Values absent from `values` are left unchanged.
 * The same check runs in the form and in the services.
 */
export function validateConnectionValues(
  def: ConnectionTypeDefinition,
  values: ConnectionValues,
  stored: ReadonlySet<string> = new Set(),
): ConnectionValueIssue[] {
  const issues: ConnectionValueIssue[] = [];
  if (def.keyValue) {
    for (const [key, value] of Object.entries(values)) {
      if (!SECRET_KEY_RE.test(key)) {
        issues.push({ field: `values.${key}`, message: `key "${key}" must start with a letter or _ and use only letters, digits and _ (at most 64)` });
      } else if (value.length > KEY_VALUE_MAX) {
        issues.push({ field: `values.${key}`, message: `must be at most ${KEY_VALUE_MAX.toLocaleString("en-US")} characters` });
      } else if (value === "" && !stored.has(key)) {
        issues.push({ field: `values.${key}`, message: "is required (remove the key if it is not needed)" });
      }
    }
    const keys = new Set([...stored, ...Object.keys(values)]);
    if (keys.size === 0) issues.push({ field: "values", message: "needs at least one key and value" });
    if (keys.size > MAX_SECRET_KEYS) issues.push({ field: "values", message: `must have at most ${MAX_SECRET_KEYS} keys` });
    return issues;
  }
  const known = new Set(def.fields.map((f) => f.name));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) issues.push({ field: `values.${key}`, message: `is not a field of ${def.label} (fields: ${[...known].join(", ")})` });
  }
  for (const f of def.fields) {
    const value = values[f.name];
    if (value === undefined || value.trim() === "") {
      const kept = f.secret && stored.has(f.name) && value === undefined;
      if (f.required && !kept) issues.push({ field: `values.${f.name}`, message: `${f.label} is required` });
      continue;
    }
    const parsed = f.schema.safeParse(value);
    if (!parsed.success) issues.push({ field: `values.${f.name}`, message: `${f.label} ${parsed.error.issues[0]?.message ?? "is invalid"}` });
  }
  return issues;
}

/** Trims non-secret text fields (secrets are kept byte for byte). */
export function normalizeConnectionValues(def: ConnectionTypeDefinition, values: ConnectionValues): ConnectionValues {
  const out: ConnectionValues = {};
  for (const [k, v] of Object.entries(values)) {
    const field = def.fields.find((f) => f.name === k);
    out[k] = field && !field.secret ? v.trim() : v;
  }
  return out;
}
