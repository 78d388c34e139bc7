import { z } from "zod";
import { isTriggerType } from "@/lib/nodes/registry";
import type { ExportedRunHead, RunExport } from "@/server/services/runs/export-runs";
import { actionResultSchema, presentActionResult, presentRunSummary, runSummarySchema } from "./run";
import { iso, registerSchema } from "./common";

/**
 * The run export file (seed 002 "Export Runs", in this API's snake_case): the
 * automation, when it was exported, how many runs, and each run in the
 * normalized run shape (seed 000) plus its engine state (seed 002 `state`).
 * Written as a stream of JSON text: one run at a time, its steps batch by
 * batch, so 500 runs with many steps never sit in memory at once. The browser
 * download (app/api/runs/export) and REST (GET /automations/{id}/runs/export)
 * write the same file.
 */

export const exportedRunSchema = registerSchema(
  "ExportedRun",
  runSummarySchema.extend({
    version_id: z.string().nullable(),
    parent_run_id: z.string().nullable(),
    trigger_data: z.unknown(),
    conditions_result: z.unknown(),
    state: z
      .object({
        variables: z.record(z.string(), z.unknown()),
        completed_node_ids: z.array(z.string()),
        pending_node_ids: z.array(z.string()),
      })
      .nullable()
      .describe("The engine state (seed 002); null when it is larger than 4 MB (state_omitted_bytes)"),
    state_omitted_bytes: z.number().int().nullable(),
    action_results: z.array(actionResultSchema).describe("Every step attempt, oldest first (secrets masked as in step records)"),
    actions_total: z.number().int(),
    actions_executed: z.number().int(),
    actions_failed: z.number().int(),
    actions_skipped: z.number().int(),
    truncated: z.boolean(),
  }),
);

export const runExportSchema = registerSchema(
  "RunExport",
  z.object({
    automation: z.object({ id: z.string(), name: z.string() }).nullable(),
    exported_at: z.string(),
    run_count: z.number().int(),
    limit: z.number().int().describe("At most this many runs (the newest) are exported"),
    truncated: z.boolean().describe("More runs matched the filters than the limit"),
    runs: z.array(exportedRunSchema),
  }),
);

function head(r: ExportedRunHead) {
  return {
    ...presentRunSummary(r),
    version_id: r.versionId,
    parent_run_id: r.parentRunId,
    trigger_data: r.triggerData ?? null,
    conditions_result: r.conditionsResult ?? null,
    state: r.execution
      ? { variables: r.execution.variables, completed_node_ids: r.execution.completedNodeIds, pending_node_ids: r.execution.pendingNodeIds }
      : null,
    state_omitted_bytes: r.stateOmitted?.bytes ?? null,
  };
}

/** The export file as JSON text chunks (UTF-8 strings), in order. */
export async function* runExportChunks(exp: RunExport): AsyncGenerator<string> {
  const top = {
    automation: exp.automation,
    exported_at: iso(exp.exportedAt),
    run_count: exp.runCount,
    limit: exp.limit,
    truncated: exp.truncated,
  };
  yield `${JSON.stringify(top).slice(0, -1)},"runs":[`;
  let first = true;
  for await (const { run, steps } of exp.runs) {
    yield `${first ? "" : ","}\n${JSON.stringify(head(run)).slice(0, -1)},"action_results":[`;
    first = false;
    // Trigger nodes are recorded as steps too; like GET /automations/runs/{id}, counts and action_results cover actions only.
    const last = new Map<string, { status: string; attempt: number }>();
    let firstStep = true;
    for await (const batch of steps) {
      const parts: string[] = [];
      for (const a of batch) {
        if (isTriggerType(a.actionType)) continue;
        parts.push(JSON.stringify(presentActionResult(a)));
        const key = `${a.nodeId}:${a.iteration}`;
        const prev = last.get(key);
        if (!prev || a.attempt >= prev.attempt) last.set(key, { status: a.status, attempt: a.attempt });
      }
      if (parts.length === 0) continue;
      yield (firstStep ? "" : ",") + parts.join(",");
      firstStep = false;
    }
    const count = (s: string) => [...last.values()].filter((x) => x.status === s).length;
    yield `],"actions_total":${last.size},"actions_executed":${count("SUCCEEDED") + count("FAILED")},"actions_failed":${count("FAILED")},"actions_skipped":${count("SKIPPED")},"truncated":${run.truncated}}`;
  }
  yield "\n]}\n";
}
