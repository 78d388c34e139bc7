import { graphSchema, type Graph } from "@/lib/graph/schema";
import { conditionsSchema, type Condition } from "@/lib/conditions/schema";
import { AppError } from "@/server/services/errors";
import { toFieldIssues } from "./input";

/**
 * The one place that turns the JSON-text columns of Automation (draftGraph,
 * conditions) into typed values and back. Stored text is re-validated on read.
 */

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("UNPROCESSABLE", `The stored ${what} is not valid JSON`);
  }
}

export function parseStoredGraph(text: string): Graph {
  const result = graphSchema.safeParse(parseJson(text, "draft graph"));
  if (!result.success) {
    throw new AppError("UNPROCESSABLE", "The stored draft graph does not match the graph schema", {
      issues: toFieldIssues(result.error),
    });
  }
  return result.data;
}

export function serializeGraph(graph: Graph): string {
  return JSON.stringify(graph);
}

export function parseStoredConditions(text: string): Condition[] {
  const result = conditionsSchema.safeParse(parseJson(text, "conditions"));
  if (!result.success) {
    throw new AppError("UNPROCESSABLE", "The stored conditions do not match the conditions schema", {
      issues: toFieldIssues(result.error),
    });
  }
  return result.data;
}

export function serializeConditions(conditions: Condition[]): string {
  return JSON.stringify(conditions);
}
