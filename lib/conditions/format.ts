import type { Condition, ConditionTree } from "./schema";
import { getOperator } from "./operators";

const MAX_VALUE_TEXT = 80;

/** Short, human display of a value: text quoted, JSON for lists/objects, truncated. */
export function formatValue(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "invalid date" : value.toISOString();
  let text: string;
  if (typeof value === "string") text = JSON.stringify(value);
  else if (typeof value === "number" || typeof value === "boolean") text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT - 1)}…` : text;
}

/** "amount > 10", "tags contains \"VIP\"", "email exists". */
export function describeCondition(cond: Pick<Condition, "field" | "operator" | "value">): string {
  const meta = getOperator(cond.operator);
  if (!meta.needsValue) return `${cond.field} ${meta.symbol}`;
  const value = meta.valueKind === "list" && Array.isArray(cond.value) ? `[${cond.value.map(formatValue).join(", ")}]` : formatValue(cond.value);
  return `${cond.field} ${meta.symbol} ${value}`;
}

/** "(a > 1 or b = 2) and c exists" */
export function describeConditionTree(tree: ConditionTree): string {
  const groups = tree.groups.map((group) => {
    const parts = group.conditions.map(describeCondition);
    const joined = parts.join(group.match === "all" ? " and " : " or ");
    return tree.groups.length > 1 && parts.length > 1 ? `(${joined})` : joined;
  });
  return groups.join(tree.match === "all" ? " and " : " or ");
}
