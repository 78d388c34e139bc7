import type { StepStatus } from "@/lib/statuses";
import type { JsonValue } from "./contract";
import type { CompiledNode } from "./compiled-graph";
import type { StepRecord } from "./store";
import type { WorkItem } from "./state";
import { capText, storeOutput } from "./truncate";

export interface StepRecordInput {
  workspaceId: string;
  node: CompiledNode;
  item: WorkItem;
  idempotencyKey: string;
  attempt: number;
  status: StepStatus;
  request: JsonValue;
  response?: { text: string; truncated: boolean } | null;
  handle?: string | null;
  error?: { message: string; code: string } | null;
  warnings: string[];
  startedAt: Date;
  finishedAt: Date | null;
  existing: boolean;
  /** the engine's size limit for stored values (the request is capped like an output) */
  limitBytes: number;
}

const MAX_ERROR_CHARS = 8_000;
const MAX_WARNING_CHARS = 2_000;
const MAX_WARNINGS = 200;

function capWarnings(warnings: string[]): string[] {
  const kept = warnings.slice(0, MAX_WARNINGS).map((w) => capText(w, MAX_WARNING_CHARS));
  if (warnings.length > MAX_WARNINGS) kept.push(`… ${warnings.length - MAX_WARNINGS} more warnings not kept`);
  return kept;
}

/** The StepRun row for one attempt (request = resolved config, response = stored output). */
export function stepRecord(r: StepRecordInput): StepRecord {
  return {
    ...(r.existing ? { existing: true } : {}),
    workspaceId: r.workspaceId,
    nodeId: r.node.id,
    nodeType: r.node.type,
    nodeName: r.node.name,
    iteration: r.item.i,
    attempt: r.attempt,
    status: r.status,
    idempotencyKey: r.idempotencyKey,
    request: storeOutput(r.request, r.limitBytes).text,
    response: r.response ? r.response.text : null,
    responseTruncated: r.response?.truncated ?? false,
    handle: r.handle ?? null,
    error: r.error ? capText(r.error.message, MAX_ERROR_CHARS) : null,
    errorCode: r.error?.code ?? null,
    warnings: r.warnings.length > 0 ? JSON.stringify(capWarnings(r.warnings)) : null,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    durationMs: r.finishedAt ? Math.max(0, r.finishedAt.getTime() - r.startedAt.getTime()) : null,
  };
}

/** Handle followed when a continue-on-error step fails: "next" when connected, else the type's first handle. */
export function continueHandle(node: CompiledNode): string {
  if (node.out.has("next")) return "next";
  return node.def?.handles[0]?.id ?? "next";
}

const isRecord = (v: unknown): v is Record<string, JsonValue> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Variables written by a step: NodeResult.variables, or — for node types whose
 * catalog entry sets `setsVariables` — the output's `variables` object (or the
 * whole output object when it has no `variables` field).
 */
export function variablesOf(node: CompiledNode, result: { output: JsonValue; variables?: Record<string, JsonValue> }): Record<string, JsonValue> | null {
  if (result.variables) return result.variables;
  if (!node.def?.setsVariables || !isRecord(result.output)) return null;
  const inner = result.output.variables;
  return isRecord(inner) ? inner : result.output;
}
