import { VARIABLE_KEY_RE } from "@/lib/nodes/catalog/set-variables";
import { fatal, type JsonValue, type NodeContext, type NodeExecutor, type NodeResult } from "@/server/engine/contract";
import { json, rawRows, record } from "./config";

/**
 * Set variables. Output contract: `{ variables: Record<string, JsonValue> }`, and
 * the same object as NodeResult.variables: the ENGINE merges it into the run's
 * vars ({{vars.name}}) for the following steps. A value that is a single
 * {{template}} keeps its type (list, number, object); other values are text.
 */
function variablesOf(ctx: NodeContext): Record<string, JsonValue> {
  const rows = rawRows(record(ctx.config).variables);
  if (rows.length === 0) throw fatal('Set variables needs at least one variable in "variables"', "CONFIG_INVALID");
  const out: Record<string, JsonValue> = {};
  rows.forEach((row, i) => {
    if (!VARIABLE_KEY_RE.test(row.key)) {
      throw fatal(
        `"variables.${i}.key" must start with a letter or _ and contain only letters, digits and _ (at most 64 characters); got "${row.key}"`,
        "CONFIG_INVALID",
      );
    }
    out[row.key] = json(row.value);
  });
  return out;
}

export const setVariablesExecutor: NodeExecutor = {
  type: "set_variables",
  version: 1,
  async preview(ctx) {
    return { variables: variablesOf(ctx) };
  },
  async execute(ctx): Promise<NodeResult> {
    const variables = variablesOf(ctx);
    return { output: { variables }, variables };
  },
};
