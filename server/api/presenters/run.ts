import { z } from "zod";
import type { RunListItem } from "@/server/services/runs/list-runs";
import type { RunDetail } from "@/server/services/runs/get-run";
import type { ActionResult } from "@/server/services/runs/normalize";
import { isTriggerType } from "@/lib/nodes/registry";
import { iso, isoOrNull, registerSchema } from "./common";

/** Seed 000's normalized run shape; statuses lowercase (completed, failed, running, skipped, queued, paused, …). */
const runStatus = z.enum(["queued", "running", "paused", "waiting_for_child", "completed", "failed", "skipped", "cancelled"]);
const stepStatus = z.enum(["running", "succeeded", "failed", "skipped", "waiting"]);

export const runSummarySchema = registerSchema(
  "RunSummary",
  z.object({
    run_id: z.string(),
    automation_id: z.string(),
    automation_name: z.string(),
    status: runStatus,
    trigger_type: z.string(),
    is_test: z.boolean(),
    version: z.number().int().nullable(),
    steps_recorded: z.number().int(),
    steps_failed: z.number().int(),
    steps_skipped: z.number().int().describe("Graph nodes the finished run did not execute: branches not taken (completed), every node (skipped); 0 for failed/cancelled runs"),
    error: z.string().nullable(),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    duration_ms: z.number().int().nullable(),
    parent_run_id: z.string().nullable().describe("The run whose sub-automation step started this one"),
    rerun_of_run_id: z.string().nullable().describe("The run this one re-runs (POST /automations/runs/{run_id}/rerun)"),
  }),
);

export const actionResultSchema = registerSchema(
  "ActionResult",
  z.object({
    id: z.string().describe("Step attempt id"),
    action_id: z.string().describe("The graph node (action) id"),
    name: z.string(),
    action_type: z.string(),
    status: stepStatus,
    attempt: z.number().int(),
    request: z.unknown().describe("Resolved input (secrets masked); null when larger than the inline limit"),
    response: z.unknown().describe("Output; null when larger than the inline limit"),
    error: z.string().nullable(),
    duration_ms: z.number().int().nullable(),
    started_at: z.string(),
    finished_at: z.string().nullable(),
    truncated: z.boolean(),
  }),
);

export const runSchema = registerSchema(
  "Run",
  runSummarySchema.extend({
    trigger_data: z.unknown(),
    conditions_result: z.unknown().describe("Evaluation of the automation's conditions; a skipped run says which failed"),
    actions_total: z.number().int(),
    actions_executed: z.number().int(),
    actions_failed: z.number().int(),
    actions_skipped: z.number().int(),
    action_results: z.array(actionResultSchema),
    truncated: z.boolean(),
  }),
);

const lower = <T extends string>(s: string) => s.toLowerCase() as T;

export function presentRunSummary(r: RunListItem): z.input<typeof runSummarySchema> {
  return {
    run_id: r.id,
    automation_id: r.automationId,
    automation_name: r.automationName,
    status: lower(r.status),
    trigger_type: r.triggerType,
    is_test: r.isTest,
    version: r.versionNumber,
    steps_recorded: r.stepCount,
    steps_failed: r.failedStepCount,
    steps_skipped: r.skippedStepCount,
    error: r.error,
    created_at: iso(r.createdAt),
    started_at: isoOrNull(r.startedAt),
    finished_at: isoOrNull(r.finishedAt),
    duration_ms: r.durationMs,
    parent_run_id: r.parentRunId,
    rerun_of_run_id: r.rerunOfRunId,
  };
}

export function presentActionResult(a: ActionResult): z.input<typeof actionResultSchema> {
  return {
    id: a.id,
    action_id: a.nodeId,
    name: a.name,
    action_type: a.actionType,
    status: lower(a.status),
    attempt: a.attempt,
    request: a.request ?? null,
    response: a.response ?? null,
    error: a.error,
    duration_ms: a.durationMs,
    started_at: iso(a.startedAt),
    finished_at: isoOrNull(a.finishedAt),
    truncated: a.truncated,
  };
}

export function presentRun(r: RunDetail): z.input<typeof runSchema> {
  // Trigger nodes are recorded as steps too; the seed's counts and action_results cover actions only.
  // Counts come from the service's aggregates (every step, not only the listed first page).
  const actions = r.actionResults.filter((a) => !isTriggerType(a.actionType));
  const c = r.actionCounts;
  return {
    ...presentRunSummary(r),
    trigger_data: r.triggerData ?? null,
    conditions_result: r.conditionsResult ?? null,
    actions_total: c.total,
    actions_executed: c.succeeded + c.failed,
    actions_failed: c.failed,
    actions_skipped: c.skipped,
    action_results: actions.map(presentActionResult),
    truncated: r.truncated,
  };
}
