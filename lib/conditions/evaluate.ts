import { lookupPath } from "../paths/get";
import { compareOrdered, looseEquals, toList, toText } from "./compare";
import { formatValue } from "./format";
import { isOperatorId, type OperatorId } from "./operators";
import { normalizeField, type Condition, type ConditionTree, type MatchMode } from "./schema";

export interface ConditionResult {
  passed: boolean;
  field: string;
  operator: OperatorId;
  expected: unknown;
  /** undefined when the field is missing */
  actual: unknown;
  /** e.g. `contact.age is 17, expected gt 18` */
  reason: string;
}

type Outcome = { passed: boolean; note?: string };

function containsValue(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((item) => looseEquals(item, expected));
  const haystack = toText(actual);
  const needle = typeof expected === "boolean" ? null : toText(expected);
  return haystack !== null && needle !== null && haystack.includes(needle);
}

function containsTextValue(actual: unknown, expected: unknown): boolean {
  const needle = toText(expected);
  if (needle === null) return false;
  const lower = needle.toLowerCase();
  const items = Array.isArray(actual) ? actual : [actual];
  return items.some((item) => {
    const text = toText(item);
    return text !== null && text.toLowerCase().includes(lower);
  });
}

function ordered(actual: unknown, expected: unknown, test: (cmp: number) => boolean): Outcome {
  if (actual === undefined || actual === null) return { passed: false };
  const result = compareOrdered(actual, expected);
  return result.ok ? { passed: test(result.cmp) } : { passed: false, note: result.why };
}

function apply(operator: OperatorId, actual: unknown, expected: unknown): Outcome {
  switch (operator) {
    case "eq":
      return { passed: looseEquals(actual, expected) };
    case "neq":
      return { passed: !looseEquals(actual, expected) };
    case "exists":
      return { passed: actual !== undefined && actual !== null };
    case "not_exists":
      return { passed: actual === undefined || actual === null };
    case "gt":
      return ordered(actual, expected, (c) => c > 0);
    case "gte":
      return ordered(actual, expected, (c) => c >= 0);
    case "lt":
      return ordered(actual, expected, (c) => c < 0);
    case "lte":
      return ordered(actual, expected, (c) => c <= 0);
    case "contains":
      return { passed: containsValue(actual, expected) };
    case "not_contains":
      return { passed: !containsValue(actual, expected) };
    case "contains_any": {
      const list = toList(expected);
      if (list.length === 0) return { passed: false, note: "the list of values is empty" };
      return { passed: list.some((item) => containsValue(actual, item)) };
    }
    case "contains_text":
      return { passed: containsTextValue(actual, expected) };
    case "in": {
      const list = toList(expected);
      if (list.length === 0) return { passed: false, note: "the list of values is empty" };
      return { passed: list.some((item) => looseEquals(actual, item)) };
    }
  }
}

function describeExpected(operator: OperatorId, expected: unknown): string {
  if (operator === "exists" || operator === "not_exists") return operator;
  if (operator === "in" || operator === "contains_any") {
    return `${operator} [${toList(expected).map(formatValue).join(", ")}]`;
  }
  return `${operator} ${formatValue(expected)}`;
}

/**
 * Evaluates one condition against `data` (the root the field path starts from:
 * trigger data for automation-level conditions, the template scope for condition nodes).
 */
export function evaluateCondition(cond: Condition, data: unknown): ConditionResult {
  const field = normalizeField(cond.field);
  if (!isOperatorId(cond.operator)) {
    const op = String(cond.operator);
    return { passed: false, field, operator: cond.operator, expected: cond.value, actual: undefined, reason: `unknown operator "${op}"` };
  }
  const lookup = lookupPath(data, field);
  const actual = lookup.found ? lookup.value : undefined;
  const outcome = apply(cond.operator, actual, cond.value);
  const actualText = lookup.found ? formatValue(actual) : "missing";
  const expectedText = describeExpected(cond.operator, cond.value);
  const reason = outcome.passed
    ? `${field} is ${actualText}, matches ${expectedText}`
    : `${field} is ${actualText}, expected ${expectedText}${outcome.note ? ` (${outcome.note})` : ""}`;
  return { passed: outcome.passed, field, operator: cond.operator, expected: cond.value, actual, reason };
}

export interface ConditionsResult {
  passed: boolean;
  results: ConditionResult[];
  /** The first failing condition, when any failed. */
  failed?: ConditionResult;
}

/** Automation-level gate: every condition must pass (AND). No conditions → passed. All are evaluated (for the run record). */
export function evaluateConditions(conds: readonly Condition[], data: unknown): ConditionsResult {
  const results = conds.map((cond) => evaluateCondition(cond, data));
  const failed = results.find((r) => !r.passed);
  return failed ? { passed: false, results, failed } : { passed: true, results };
}

export interface ConditionGroupResult {
  passed: boolean;
  match: MatchMode;
  results: ConditionResult[];
}

export interface ConditionTreeResult {
  passed: boolean;
  match: MatchMode;
  groups: ConditionGroupResult[];
  /** One line, e.g. `passed: amount is 12, matches gt 10` or the failing reasons joined. */
  reason: string;
}

function combine(match: MatchMode, values: boolean[]): boolean {
  return match === "all" ? values.every(Boolean) : values.some(Boolean);
}

/** Condition node: groups combined by tree.match, conditions inside a group by group.match. */
export function evaluateConditionTree(tree: ConditionTree, data: unknown): ConditionTreeResult {
  const groups = tree.groups.map((group): ConditionGroupResult => {
    const results = group.conditions.map((cond) => evaluateCondition(cond, data));
    return { passed: combine(group.match, results.map((r) => r.passed)), match: group.match, results };
  });
  const passed = combine(tree.match, groups.map((g) => g.passed));
  const all = groups.flatMap((g) => g.results);
  const relevant = all.filter((r) => r.passed === passed);
  const reason = (relevant.length > 0 ? relevant : all).map((r) => r.reason).join("; ");
  return { passed, match: tree.match, groups, reason };
}
