import { z } from "zod";
import { exportRuns, EXPORT_MAX_RUNS } from "@/server/services/runs/export-runs";
import { runStats, MAX_STATS_DAYS } from "@/server/services/runs/run-stats";
import { defineOperation } from "../operation";
import { ApiDownload } from "../download";
import { runExportChunks, runExportSchema } from "../presenters/run-export";
import { presentRunStats, runStatsSchema } from "../presenters/run-stats";
import { automationParams, dateParam, idParam, runStatusFilter } from "./params";

/** REST v1: run export (seed 002 "Export Runs") and run statistics (seed 002 "Automation Statistics"). */

const TAG = "Runs";

const boolParam = (name: string) =>
  z
    .enum(["true", "false"], { error: `${name}: true or false` })
    .transform((v) => v === "true")
    .optional();

export const runExportStatsOperations = [
  defineOperation({
    method: "GET",
    path: "/automations/{automation_id}/runs/export",
    operationId: "exportAutomationRuns",
    summary: "Export runs as a JSON file",
    description: `Downloads one run (run_id) or the automation's newest runs matching the filters (at most ${EXPORT_MAX_RUNS}) with their steps in the normalized shape, as a file (Content-Disposition: attachment). Step requests and responses carry secrets masked, as recorded. The body is streamed.`,
    tag: TAG,
    permission: "runs:read",
    params: automationParams,
    query: z.strictObject({
      run_id: idParam("run_id").optional().describe("Export only this run"),
      status: runStatusFilter.optional(),
      trigger_type: z.string().trim().min(1).max(64, "trigger_type: at most 64 characters").optional(),
      is_test: boolParam("is_test").describe("true: only test runs; false: no test runs"),
      from: dateParam("from").describe("Created at or after"),
      to: dateParam("to").describe("Created at or before"),
    }),
    success: { status: 200, description: "The export file (attachment)", schema: runExportSchema },
    errors: [404],
    async handler({ actor, db, params, query }) {
      const exp = await exportRuns(
        actor,
        {
          automationId: params.automation_id,
          runId: query.run_id,
          status: query.status,
          triggerType: query.trigger_type,
          isTest: query.is_test,
          from: query.from,
          to: query.to,
        },
        db,
      );
      return new ApiDownload(exp.filename, "application/json; charset=utf-8", runExportChunks(exp));
    },
  }),
  defineOperation({
    method: "GET",
    path: "/automations/stats",
    operationId: "getRunStats",
    summary: "Run statistics",
    description: `Runs per day by status (days start at midnight in the workspace's time zone), counts by status, success rate (completed / (completed + failed)), p50/p95 duration of finished runs, the top failing steps with their most common errors, and automations by status (workspace-wide only). days: 1–${MAX_STATS_DAYS} including today (default 14).`,
    tag: TAG,
    permission: "runs:read",
    query: z.strictObject({
      automation_id: idParam("automation_id").optional().describe("Only this automation's runs"),
      days: z.coerce
        .number({ error: "days: a whole number" })
        .int("days: a whole number")
        .min(1, "days: at least 1")
        .max(MAX_STATS_DAYS, `days: at most ${MAX_STATS_DAYS}`)
        .optional()
        .describe(`1–${MAX_STATS_DAYS}, default 14`),
    }),
    success: { status: 200, description: "The statistics", schema: runStatsSchema },
    errors: [404],
    handler: async ({ actor, db, query }) => presentRunStats(await runStats(actor, { automationId: query.automation_id, days: query.days ?? 14 }, db)),
  }),
];
