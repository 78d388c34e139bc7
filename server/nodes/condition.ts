import { evaluateConditionTree, type ConditionTreeResult } from "@/lib/conditions";
import { conditionConfigSchema } from "@/lib/nodes/catalog/condition";
import type { JsonValue, NodeContext, NodeExecutor } from "@/server/engine/contract";
import { json, parseConfig } from "./config";

/**
 * Condition node: evaluates the condition tree against the scope (fields start with
 * trigger., steps., vars. or loop.) and follows the "true" or "false" handle.
 * Output: { result, reason, evaluations[] } (one evaluation per condition, with its group).
 */
function evaluate(ctx: NodeContext) {
  const tree = parseConfig(conditionConfigSchema, ctx.config, "Condition");
  const data = { trigger: ctx.scope.trigger, steps: ctx.scope.steps, vars: ctx.scope.vars, ...(ctx.scope.loop ? { loop: ctx.scope.loop } : {}) };
  const result: ConditionTreeResult = evaluateConditionTree(tree, data);
  const evaluations = result.groups.flatMap((g, group) =>
    g.results.map((r) => ({
      group,
      field: r.field,
      operator: r.operator,
      expected: json(r.expected),
      actual: json(r.actual),
      passed: r.passed,
      reason: r.reason,
    })),
  );
  const output: JsonValue = { result: result.passed, reason: result.reason, evaluations };
  return { output, handle: result.passed ? "true" : "false" };
}

export const conditionExecutor: NodeExecutor = {
  type: "condition",
  version: 1,
  async preview(ctx) {
    const { output, handle } = evaluate(ctx);
    return { handle, output };
  },
  async execute(ctx) {
    return evaluate(ctx);
  },
};
