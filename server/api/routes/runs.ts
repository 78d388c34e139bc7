import { z } from "zod";
import { createRun } from "@/server/services/runs/create-run";
import { getRun } from "@/server/services/runs/get-run";
import { listRuns, MAX_SEARCH_LENGTH, SEARCH_SCAN_ROWS } from "@/server/services/runs/list-runs";
import { cancelRun } from "@/server/services/runs/cancel-run";
import { assertCan, findAutomationInWorkspace } from "@/server/services/automations/scope";
import { waitForRunAnswer } from "@/server/triggers/webhook/result";
import { env } from "@/server/env";
import { defineOperation } from "../operation";
import { listOf, pagingQuery } from "../paging";
import { presentRun, presentRunSummary, runSchema, runSummarySchema } from "../presenters/run";
import { automationParams, dateParam, idParam, runStatusFilter } from "./params";

const TAG = "Runs";
/** POST /automations/:id/trigger waits this long (default; env API_TRIGGER_WAIT_MS) for the run to finish before answering with status running/queued. */
export const TRIGGER_WAIT_MS = 5_000;
const runParams = z.strictObject({ run_id: idParam("run_id") });


export const runOperations = [
  defineOperation({
    method: "POST",
    path: "/automations/{automation_id}/trigger",
    operationId: "triggerAutomation",
    summary: "Run an automation manually with trigger data",
    description: `Starts a run of the published version (test: true runs the draft) and answers its normalized shape, waiting up to ${TRIGGER_WAIT_MS / 1000} s (API_TRIGGER_WAIT_MS) for it to finish; a run still going answers with status running or queued.`,
    tag: TAG,
    permission: "automations:trigger",
    params: automationParams,
    body: z.strictObject({
      trigger_data: z.record(z.string(), z.unknown(), { error: "trigger_data: must be a JSON object" }).optional(),
      test: z.boolean().optional().describe("Run the current draft instead of the published version"),
    }),
    idempotent: true,
    success: { status: 201, description: "The run", schema: runSchema },
    errors: [404, 422],
    async handler({ actor, db, params, body }) {
      assertCan(actor, "automations:trigger");
      await findAutomationInWorkspace(db, actor, params.automation_id);
      const r = await createRun(
        { workspaceId: actor.workspaceId, automationId: params.automation_id, triggerType: "manual", triggerData: body.trigger_data ?? {}, test: body.test, createdById: actor.apiKeyId ? null : actor.userId },
        db,
      );
      const waitMs = env().API_TRIGGER_WAIT_MS;
      if (waitMs > 0) await waitForRunAnswer(db, r.runId, waitMs, true);
      return presentRun(await getRun(actor, r.runId, db));
    },
  }),
  defineOperation({
    method: "GET",
    path: "/automations/{automation_id}/runs",
    operationId: "listAutomationRuns",
    summary: "List an automation's runs, newest first",
    description:
      'status "skipped" means the conditions were evaluated and not met: no action ran. Keyset pagination on (created_at, run_id): runs created meanwhile never shift later pages. ' +
      `search matches a run id (exact, or a prefix of 4+ characters) or text in the trigger data (case-insensitive substring of its JSON text); each page searches at most ${SEARCH_SCAN_ROWS} runs and then answers with searched_to and a next_cursor that continues below it.`,
    tag: TAG,
    permission: "runs:read",
    params: automationParams,
    query: z.strictObject({
      ...pagingQuery,
      status: runStatusFilter.optional(),
      trigger_type: z.string().max(64).optional(),
      from: dateParam("from"),
      to: dateParam("to"),
      is_test: z.enum(["true", "false"], { error: "is_test: true or false" }).optional().describe("true: only test runs; false: no test runs"),
      search: z.string().trim().min(1, "search: must not be empty").max(MAX_SEARCH_LENGTH, `search: at most ${MAX_SEARCH_LENGTH} characters`).optional().describe("Run id (exact or prefix) or trigger-data text"),
    }),
    success: {
      status: 200,
      description: "A page of runs",
      schema: listOf(runSummarySchema).extend({
        searched_to: z.string().nullable().describe("A search stopped at its scan bound: runs created down to this time were searched; next_cursor continues below"),
      }),
    },
    errors: [404],
    async handler({ actor, db, params, query }) {
      const page = await listRuns(
        actor,
        {
          automationId: params.automation_id,
          status: query.status,
          triggerType: query.trigger_type,
          from: query.from,
          to: query.to,
          isTest: query.is_test === undefined ? undefined : query.is_test === "true",
          search: query.search,
          limit: query.limit,
          cursor: query.cursor,
        },
        db,
      );
      return { data: page.items.map(presentRunSummary), next_cursor: page.nextCursor, searched_to: page.searchedTo ? page.searchedTo.toISOString() : null };
    },
  }),
  defineOperation({
    method: "GET",
    path: "/automations/runs/{run_id}",
    operationId: "getRun",
    summary: "Get a run in the normalized shape",
    description: "run_id, status, actions_total/executed/failed/skipped (over every step), action_results[] (action_type, status, request, response, error, duration_ms; the first 500 step attempts in start order) and truncated.",
    tag: TAG,
    permission: "runs:read",
    params: runParams,
    success: { status: 200, description: "The run", schema: runSchema },
    errors: [404],
    handler: async ({ actor, db, params }) => presentRun(await getRun(actor, params.run_id, db)),
  }),
  defineOperation({
    method: "POST",
    path: "/automations/runs/{run_id}/cancel",
    operationId: "cancelRun",
    summary: "Cancel a queued, paused or running run",
    tag: TAG,
    permission: "runs:write",
    params: runParams,
    success: { status: 200, description: "The run after the cancel request", schema: runSchema },
    errors: [404, 409],
    async handler({ actor, db, params }) {
      await cancelRun(actor, params.run_id, db);
      return presentRun(await getRun(actor, params.run_id, db));
    },
  }),
];
