import type { Graph, GraphProblem } from "@/lib/graph/schema";
import { graphErrors, validateGraph } from "@/lib/graph/validate";
import type { KnownConnection } from "@/lib/graph/validate-connections";
import type { KnownOutgoingWebhook } from "@/lib/graph/validate-outgoing-webhooks";
import { conditionsSchema, type Condition } from "@/lib/conditions/schema";

export type DraftCheck =
  | { ok: true; graph: Graph; conditions: Condition[]; warnings: GraphProblem[] }
  | { ok: false; problems: GraphProblem[]; warnings: GraphProblem[] };

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Everything that must hold before a draft may become a version (or a test
 * run): a graph without error-severity problems (lib/graph/validate) and valid
 * automation-level conditions. Returns every problem at once so the editor can
 * show them all; `problems` holds the blocking errors, `warnings` the rest.
 * With the workspace's `connections` (and `outgoingWebhooks`), steps must use connections (endpoints) that exist.
 */
export function checkDraft(
  draftGraph: string,
  conditions: string,
  connections?: readonly KnownConnection[],
  outgoingWebhooks?: readonly KnownOutgoingWebhook[],
): DraftCheck {
  const errors: GraphProblem[] = [];
  let warnings: GraphProblem[] = [];
  let graph: Graph | undefined;

  const graphJson = parse(draftGraph);
  if (!graphJson.ok) {
    errors.push({ message: "The draft graph is not valid JSON; save the draft again from the editor", severity: "error", code: "schema" });
  } else {
    const result = validateGraph(graphJson.value, { connections, outgoingWebhooks });
    const blocking = graphErrors(result.problems);
    warnings = result.problems.filter((p) => p.severity === "warning");
    if (result.ok && result.graph) graph = result.graph;
    else errors.push(...(blocking.length > 0 ? blocking : [{ message: "The draft graph is invalid", severity: "error" as const, code: "schema" }]));
  }

  let parsedConditions: Condition[] | undefined;
  const condJson = parse(conditions);
  if (!condJson.ok) {
    errors.push({ field: "conditions", message: "Conditions: not valid JSON; save them again", severity: "error", code: "invalid_condition" });
  } else {
    const result = conditionsSchema.safeParse(condJson.value ?? []);
    if (result.success) parsedConditions = result.data;
    else
      for (const issue of result.error.issues) {
        const [index] = issue.path;
        const label = typeof index === "number" ? `Condition ${index + 1}` : "Conditions";
        errors.push({
          field: ["conditions", ...issue.path.map(String)].join("."),
          message: `${label}: ${issue.message}`,
          severity: "error",
          code: "invalid_condition",
        });
      }
  }

  if (errors.length > 0 || !graph || !parsedConditions) {
    return { ok: false, problems: errors.length > 0 ? errors : [{ message: "The draft could not be validated", severity: "error" }], warnings };
  }
  return { ok: true, graph, conditions: parsedConditions, warnings };
}
