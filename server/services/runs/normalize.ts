import { graphSchema, type Graph } from "@/lib/graph/schema";
import { RUN_STATUSES, STEP_STATUSES, type RunStatus, type StepStatus } from "@/lib/statuses";

/**
 * Pure helpers that turn stored Run/StepRun rows (JSON kept as TEXT) into the
 * normalized shapes returned by tRPC and REST (seed 000: `action_results[]`,
 * counts, `truncated`). Never throws on bad stored JSON.
 */

/** Parses stored JSON text; returns the raw text when it is not valid JSON (e.g. a cut-off truncated payload). */
export function safeJson(text: string | null | undefined): unknown {
  if (text === null || text === undefined || text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Parses a stored `string[]` (step warnings); anything else becomes []. */
export function parseStringList(text: string | null | undefined): string[] {
  const v = safeJson(text);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** Parses a stored graph; null when it is missing or does not match the graph schema. */
export function parseGraph(text: string | null | undefined): Graph | null {
  const v = safeJson(text);
  if (v === null || typeof v !== "object") return null;
  const parsed = graphSchema.safeParse(v);
  return parsed.success ? parsed.data : null;
}

export function asRunStatus(s: string): RunStatus {
  return (RUN_STATUSES as readonly string[]).includes(s) ? (s as RunStatus) : "FAILED";
}

export function asStepStatus(s: string): StepStatus {
  return (STEP_STATUSES as readonly string[]).includes(s) ? (s as StepStatus) : "FAILED";
}

export function durationBetween(start: Date | null, end: Date | null): number | null {
  if (!start || !end) return null;
  return Math.max(0, end.getTime() - start.getTime());
}

/** StepRun columns every step view needs (no payloads). */
export const STEP_META_SELECT = {
  id: true,
  nodeId: true,
  nodeType: true,
  nodeName: true,
  iteration: true,
  attempt: true,
  status: true,
  idempotencyKey: true,
  responseTruncated: true,
  handle: true,
  error: true,
  errorCode: true,
  warnings: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
} as const;

export interface StepMetaRow {
  id: string;
  nodeId: string;
  nodeType: string;
  nodeName: string;
  iteration: string;
  attempt: number;
  status: string;
  idempotencyKey: string;
  responseTruncated: boolean;
  handle: string | null;
  error: string | null;
  errorCode: string | null;
  warnings: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
}

/** Why a payload is not inline: it is larger than the inline limit; fetch it with runs.step. */
export interface OmittedPayload {
  omitted: true;
  bytes: number;
}

/** One step attempt (REST presents it in the seed-000 `action_results[]` shape). */
export interface ActionResult {
  /** StepRun id (use with runs.step for the full payloads). */
  id: string;
  nodeId: string;
  name: string;
  /** Node type, e.g. "http_request". */
  actionType: string;
  status: StepStatus;
  attempt: number;
  /** Loop iteration path ("0", "2.1"); "" outside loops. */
  iteration: string;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  error: string | null;
  errorCode: string | null;
  /** Resolved input. null when none was recorded. */
  request: unknown;
  /** Output. null when none was recorded. */
  response: unknown;
  /** Set instead of request/response when the payload is too large to inline. */
  requestOmitted: OmittedPayload | null;
  responseOmitted: OmittedPayload | null;
  /** The stored output was cut at the engine's size limit. */
  truncated: boolean;
  warnings: string[];
  /** Output handle taken: next | true | false | item | done. */
  handle: string | null;
  /** A later attempt of the same step exists (this attempt was retried). */
  retried: boolean;
}

export interface StepPayload {
  request: unknown;
  response: unknown;
  requestOmitted: OmittedPayload | null;
  responseOmitted: OmittedPayload | null;
}

export const NO_PAYLOAD: StepPayload = { request: null, response: null, requestOmitted: null, responseOmitted: null };

/** Highest attempt per idempotency key: earlier attempts were retried. */
export function latestAttempts(steps: Pick<StepMetaRow, "idempotencyKey" | "attempt">[]): Map<string, number> {
  const latest = new Map<string, number>();
  for (const s of steps) latest.set(s.idempotencyKey, Math.max(latest.get(s.idempotencyKey) ?? 0, s.attempt));
  return latest;
}

export function toActionResult(step: StepMetaRow, payload: StepPayload, latest: Map<string, number>): ActionResult {
  return {
    id: step.id,
    nodeId: step.nodeId,
    name: step.nodeName,
    actionType: step.nodeType,
    status: asStepStatus(step.status),
    attempt: step.attempt,
    iteration: step.iteration,
    startedAt: step.startedAt,
    finishedAt: step.finishedAt,
    durationMs: step.durationMs ?? durationBetween(step.startedAt, step.finishedAt),
    error: step.error,
    errorCode: step.errorCode,
    ...payload,
    truncated: step.responseTruncated,
    warnings: parseStringList(step.warnings),
    handle: step.handle,
    retried: (latest.get(step.idempotencyKey) ?? step.attempt) > step.attempt,
  };
}

export interface StepCounts {
  /** Distinct steps (a retried step counts once, with the status of its last attempt). */
  total: number;
  succeeded: number;
  failed: number;
  skipped: number;
  waiting: number;
  running: number;
}

/** Counts over the last attempt of every step. */
export function countSteps(steps: Pick<StepMetaRow, "idempotencyKey" | "attempt" | "status">[]): StepCounts {
  const latest = latestAttempts(steps);
  const counts: StepCounts = { total: 0, succeeded: 0, failed: 0, skipped: 0, waiting: 0, running: 0 };
  for (const s of steps) {
    if (latest.get(s.idempotencyKey) !== s.attempt) continue;
    counts.total += 1;
    switch (asStepStatus(s.status)) {
      case "SUCCEEDED":
        counts.succeeded += 1;
        break;
      case "FAILED":
        counts.failed += 1;
        break;
      case "SKIPPED":
        counts.skipped += 1;
        break;
      case "WAITING":
        counts.waiting += 1;
        break;
      case "RUNNING":
        counts.running += 1;
        break;
    }
  }
  return counts;
}
