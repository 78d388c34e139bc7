import type { GraphNode } from "../graph/schema";
import { getBuiltInEventType } from "./event-types";
import { eventTypeNameProblem, FILTER_KEY_RE } from "./names";

export interface EventConfigIssue {
  field: string;
  message: string;
}

/**
 * Problems of an event trigger's type and filters that can be seen without the
 * database: a missing or malformed type, `form_submitted`, a required filter
 * left empty, a filter the built-in type does not know. Whether a custom type
 * exists is checked on the server when the automation is published.
 */
export function eventFilterProblems(eventType: string, filters: Record<string, string>): EventConfigIssue[] {
  const issues: EventConfigIssue[] = [];
  const type = eventType.trim();
  if (type === "") return issues; // "is required" comes from fieldMeta
  const nameProblem = eventTypeNameProblem(type);
  if (nameProblem) return [{ field: "eventType", message: nameProblem }];
  const builtIn = getBuiltInEventType(type);
  for (const key of Object.keys(filters)) {
    if (!FILTER_KEY_RE.test(key)) issues.push({ field: `filters.${key}`, message: "must be a field name (letters, digits, _; at most 64 characters)" });
    else if (builtIn && !builtIn.filters.some((f) => f.key === key)) {
      const allowed = builtIn.filters.map((f) => f.key);
      issues.push({
        field: `filters.${key}`,
        message: `is not a filter of ${type}; ${allowed.length ? `allowed: ${allowed.join(", ")}` : "it has no filters"}`,
      });
    }
  }
  for (const f of builtIn?.filters ?? []) {
    if (f.required && !(filters[f.key] ?? "").trim()) issues.push({ field: `filters.${f.key}`, message: `is required for ${type} (${f.description})` });
  }
  return issues;
}

function nonEmptyObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0;
}

/**
 * The sample trigger data of a trigger node: its own test data (config.sampleData)
 * when set, else the built-in sample of its event type, else the catalog sample.
 */
export function triggerSample(node: Pick<GraphNode, "type" | "config">, catalogSample: unknown): unknown {
  const config = (node.config ?? {}) as { sampleData?: unknown; eventType?: unknown };
  if (nonEmptyObject(config.sampleData)) return config.sampleData;
  if (node.type === "event" && typeof config.eventType === "string") {
    const builtIn = getBuiltInEventType(config.eventType);
    if (builtIn) return builtIn.sample;
  }
  return catalogSample ?? {};
}
