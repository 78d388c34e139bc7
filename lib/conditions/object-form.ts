import { z } from "zod";
import { isOperatorId } from "./operators";
import { conditionsSchema, type Condition } from "./schema";

/**
 * TrustPager's object form (seed 003): `{ "tags": { "contains": "VIP" }, "deal.value": { "gte": 5000 } }`.
 * Seed 004's shorthand `{ "appointment.type": "video" }` means eq. Several operators
 * on one field (`{ "amount": { "gte": 10, "lt": 100 } }`) become several conditions.
 * An object value with at least one operator key is read as operators (so a typo like
 * `{ "containz": … }` next to a real one is reported); an object without any operator
 * key is compared with eq as a whole.
 */
export type ConditionsObject = Record<string, unknown>;

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.some(isOperatorId);
}

/** Object form → array form (not yet validated: parse the result with conditionsSchema). */
export function conditionsFromObject(obj: ConditionsObject): Array<{ field: string; operator: string; value?: unknown }> {
  const out: Array<{ field: string; operator: string; value?: unknown }> = [];
  for (const [field, spec] of Object.entries(obj)) {
    if (isOperatorObject(spec)) {
      for (const [operator, value] of Object.entries(spec)) {
        if (operator === "exists" || operator === "not_exists") {
          // `{ "email": { "exists": true } }`; `{ "exists": false }` flips to the opposite operator
          const flip = value === false;
          out.push({ field, operator: flip ? (operator === "exists" ? "not_exists" : "exists") : operator });
        } else {
          out.push({ field, operator, value });
        }
      }
    } else {
      out.push({ field, operator: "eq", value: spec });
    }
  }
  return out;
}

/** Array form → object form (REST responses in the TrustPager shape). */
export function conditionsToObject(conds: readonly Condition[]): ConditionsObject {
  const out: Record<string, Record<string, unknown>> = {};
  for (const cond of conds) {
    const entry = (out[cond.field] ??= {});
    entry[cond.operator] = cond.operator === "exists" || cond.operator === "not_exists" ? true : cond.value;
  }
  return out;
}

/**
 * Accepts either form (or null = no conditions) at API boundaries and yields the
 * array form. Issues keep their paths (array index, or the field name for the object form).
 */
export const conditionsInputSchema = z
  .union([
    z.null(),
    z.array(z.unknown()),
    z.record(z.string(), z.unknown()),
  ], { error: () => "conditions must be an array of { field, operator, value }, an object like { \"deal.value\": { \"gte\": 5000 } }, or null" })
  .transform((input, ctx): Condition[] => {
    if (input === null) return [];
    const list = Array.isArray(input) ? input : conditionsFromObject(input);
    const parsed = conditionsSchema.safeParse(list);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const index = typeof issue.path[0] === "number" ? issue.path[0] : -1;
      const item = index >= 0 ? list[index] : undefined;
      const fieldName = item && typeof item === "object" && "field" in item ? String((item as { field: unknown }).field) : undefined;
      const path = Array.isArray(input) ? issue.path : fieldName !== undefined ? [fieldName, ...issue.path.slice(1)] : issue.path;
      ctx.addIssue({ code: "custom", message: issue.message, path: path.map((p) => (typeof p === "symbol" ? String(p) : p)) });
    }
    return z.NEVER;
  });
