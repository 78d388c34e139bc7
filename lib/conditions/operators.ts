/**
 * The condition operators (seed 000 / 003). Shared by automation-level conditions
 * (AND gate → run SKIPPED) and condition nodes. Semantics: see README.md.
 */

export const OPERATOR_IDS = [
  "eq",
  "neq",
  "exists",
  "not_exists",
  "gt",
  "gte",
  "lt",
  "lte",
  "contains",
  "not_contains",
  "contains_any",
  "contains_text",
  "in",
] as const;
export type OperatorId = (typeof OPERATOR_IDS)[number];

export type OperatorValueKind = "single" | "list" | "none";

export interface OperatorMeta {
  id: OperatorId;
  /** Phrase for pickers: "field <label> value", e.g. "is greater than". */
  label: string;
  /** Compact form for summaries: "amount > 10". */
  symbol: string;
  needsValue: boolean;
  /** none: no value input; single: one value; list: several values (array, or comma-separated text). */
  valueKind: OperatorValueKind;
  /** One line of help for the UI. */
  help: string;
}

export const OPERATORS: readonly OperatorMeta[] = [
  { id: "eq", label: "equals", symbol: "=", needsValue: true, valueKind: "single", help: "Same value. Numbers and numeric text compare as numbers (10 = \"10\"); true/false match \"true\"/\"false\"; text is case-sensitive." },
  { id: "neq", label: "does not equal", symbol: "≠", needsValue: true, valueKind: "single", help: "Opposite of equals; a missing field does not equal any value except empty (null)." },
  { id: "exists", label: "exists", symbol: "exists", needsValue: false, valueKind: "none", help: "The field is present and not null (empty text and 0 count as present)." },
  { id: "not_exists", label: "does not exist", symbol: "does not exist", needsValue: false, valueKind: "none", help: "The field is missing or null." },
  { id: "gt", label: "is greater than", symbol: ">", needsValue: true, valueKind: "single", help: "Numbers (or numeric text) compare numerically; ISO dates compare chronologically." },
  { id: "gte", label: "is greater than or equal to", symbol: "≥", needsValue: true, valueKind: "single", help: "Numbers (or numeric text) compare numerically; ISO dates compare chronologically." },
  { id: "lt", label: "is less than", symbol: "<", needsValue: true, valueKind: "single", help: "Numbers (or numeric text) compare numerically; ISO dates compare chronologically." },
  { id: "lte", label: "is less than or equal to", symbol: "≤", needsValue: true, valueKind: "single", help: "Numbers (or numeric text) compare numerically; ISO dates compare chronologically." },
  { id: "contains", label: "contains", symbol: "contains", needsValue: true, valueKind: "single", help: "A list field has an element equal to the value (e.g. tags contains VIP); a text field contains the value (case-sensitive)." },
  { id: "not_contains", label: "does not contain", symbol: "does not contain", needsValue: true, valueKind: "single", help: "Opposite of contains; a missing field contains nothing." },
  { id: "contains_any", label: "contains any of", symbol: "contains any of", needsValue: true, valueKind: "list", help: "A list field has at least one of the values, or a text field contains one of them (case-sensitive)." },
  { id: "contains_text", label: "contains text", symbol: "contains text", needsValue: true, valueKind: "single", help: "Text contains the value, ignoring case (for lists: any element does)." },
  { id: "in", label: "is one of", symbol: "in", needsValue: true, valueKind: "list", help: "The field equals one of the values (same equality as equals)." },
];

const BY_ID = new Map<OperatorId, OperatorMeta>(OPERATORS.map((op) => [op.id, op]));

export function getOperator(id: OperatorId): OperatorMeta {
  const meta = BY_ID.get(id);
  if (!meta) throw new Error(`unknown operator "${id}"`);
  return meta;
}

export function isOperatorId(value: unknown): value is OperatorId {
  return typeof value === "string" && BY_ID.has(value as OperatorId);
}
