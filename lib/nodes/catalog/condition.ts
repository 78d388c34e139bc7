import { conditionTreeSchema } from "../../conditions/schema";
import { describeConditionTree } from "../../conditions/format";
import { defineNodeType } from "../field-meta";
import { truncate } from "./shared";

/**
 * Condition node: a condition tree evaluated against the template scope, so fields
 * start with a root: `trigger.amount`, `steps["Fetch order"].body.status`, `vars.score`.
 * Values may contain {{templates}}; fields may not (they are paths).
 */
export const conditionConfigSchema = conditionTreeSchema.describe(
  'Groups of conditions. Fields are paths such as trigger.amount or steps["Fetch order"].body.status; values may use {{templates}}.',
);

export const conditionNode = defineNodeType({
  type: "condition",
  version: 1,
  kind: "condition",
  pure: true,
  category: "Logic",
  label: "Condition",
  description: "Branch on data: follow True when the conditions match, otherwise False.",
  icon: "GitBranch",
  configSchema: conditionConfigSchema,
  defaultConfig: {
    match: "all",
    groups: [{ match: "all", conditions: [{ field: "trigger.deal.value", operator: "gte", value: 1000 }] }],
  },
  handles: [
    { id: "true", label: "True" },
    { id: "false", label: "False" },
  ],
  sampleOutput: { passed: true, reason: "trigger.deal.value is 5000, matches gte 1000" },
  summarize(config) {
    return truncate(describeConditionTree(config), 120);
  },
  defaultTimeoutMs: 5_000,
  fieldMeta: {
    groups: { label: "Conditions", widget: "conditionTree", templated: true },
    "groups.*.conditions.*.field": { raw: true, scopePath: true },
    "groups.*.conditions.*.operator": { raw: true },
  },
});
