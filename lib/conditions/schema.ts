import { z } from "zod";
import { parsePath } from "../paths/parse";
import { OPERATOR_IDS, getOperator, isOperatorId } from "./operators";

/** Strips one surrounding `{{ … }}` so `{{trigger.amount}}` and `trigger.amount` name the same field. */
export function normalizeField(field: string): string {
  const m = /^\s*\{\{\s*([\s\S]*?)\s*\}\}\s*$/.exec(field);
  return (m ? m[1] : field).trim();
}

export const operatorSchema = z.enum(OPERATOR_IDS, {
  error: () => `must be one of: ${OPERATOR_IDS.join(", ")}`,
});

const fieldSchema = z
  .string({ error: "is required" })
  .trim()
  .min(1, "is required")
  .max(300, "must be at most 300 characters")
  .superRefine((field, ctx) => {
    const parsed = parsePath(normalizeField(field));
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: `is not a valid path (${parsed.error})` });
  })
  .describe('Dotted path of the value to test, e.g. "contact.age", "tags", "items.0.sku" or steps["Fetch order"].body.status');

/**
 * One condition: `{ field, operator, value? }`. `value` is any JSON value and is
 * required except for exists / not_exists. For list operators (contains_any, in)
 * it is an array or comma-separated text.
 */
export const conditionSchema = z
  .object({
    field: fieldSchema,
    operator: operatorSchema,
    value: z.unknown().optional().describe("Value to compare with (not used by exists / not_exists)"),
  })
  .superRefine((cond, ctx) => {
    if (!isOperatorId(cond.operator)) return;
    const meta = getOperator(cond.operator);
    if (meta.needsValue && cond.value === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: `is required for operator "${cond.operator}" (${meta.label}); only exists and not_exists take no value`,
      });
    }
  });
export type Condition = z.infer<typeof conditionSchema>;
export type ConditionInput = z.input<typeof conditionSchema>;

/** Automation-level conditions: all must pass (AND). */
export const conditionsSchema = z.array(conditionSchema).max(100, "must have at most 100 conditions");

export const matchModeSchema = z.enum(["all", "any"], { error: () => 'must be "all" or "any"' });
export type MatchMode = z.infer<typeof matchModeSchema>;

export const conditionGroupSchema = z.object({
  match: matchModeSchema.default("all").describe('"all": every condition must pass (AND); "any": at least one (OR)'),
  conditions: z.array(conditionSchema).min(1, "must have at least one condition").max(50, "must have at most 50 conditions"),
});
export type ConditionGroup = z.infer<typeof conditionGroupSchema>;

/** Condition node config: groups combined with `match`, each group combines its conditions with its own `match`. */
export const conditionTreeSchema = z.object({
  match: matchModeSchema.default("all").describe('How groups combine: "all" (AND) or "any" (OR)'),
  groups: z.array(conditionGroupSchema).min(1, "must have at least one condition group").max(20, "must have at most 20 groups"),
});
export type ConditionTree = z.infer<typeof conditionTreeSchema>;
export type ConditionTreeInput = z.input<typeof conditionTreeSchema>;
