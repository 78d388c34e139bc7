import { z } from "zod";
import { getRun } from "@/server/services/runs/get-run";
import { rerunRun } from "@/server/services/runs/rerun-run";
import { retryRun } from "@/server/services/runs/retry-run";
import { defineOperation } from "../operation";
import { presentRun, runSchema } from "../presenters/run";
import { idParam } from "./params";

/** Run operations (issue 12): re-run as a new run, retry from the failed step. Admin keys: scope automations:trigger (runs:write), as cancel. */
const TAG = "Runs";
const runParams = z.strictObject({ run_id: idParam("run_id") });

export const runOperationRoutes = [
  defineOperation({
    method: "POST",
    path: "/automations/runs/{run_id}/rerun",
    operationId: "rerunRun",
    summary: "Re-run a finished run as a new run with the same trigger data",
    description:
      'version "published" (default) runs the automation\'s current published version, "ran" the version the run executed. ' +
      "Test runs re-run as test runs (published: the current draft; ran: the draft snapshot that ran). Answers the new run, queued.",
    tag: TAG,
    permission: "runs:write",
    params: runParams,
    body: z.strictObject({
      version: z.enum(["published", "ran"], { error: () => 'version: "published" or "ran"' }).optional().describe('"published" (default) or "ran"'),
    }),
    idempotent: true,
    success: { status: 201, description: "The new run", schema: runSchema },
    errors: [404, 409, 422],
    async handler({ actor, db, params, body }) {
      const r = await rerunRun(actor, { runId: params.run_id, version: body.version ?? "published" }, db);
      return presentRun(await getRun(actor, r.newRunId, db));
    },
  }),
  defineOperation({
    method: "POST",
    path: "/automations/runs/{run_id}/retry",
    operationId: "retryRun",
    summary: "Retry a failed run from its failed step",
    description:
      "The same run continues from the step that failed, as attempt n+1, on the version that ran; steps that succeeded are not executed again. " +
      "Only failed runs (409 otherwise, also when another retry won); a run stopped on purpose or with an invalid graph answers 422.",
    tag: TAG,
    permission: "runs:write",
    params: runParams,
    success: { status: 200, description: "The run, queued again", schema: runSchema },
    errors: [404, 409, 422],
    async handler({ actor, db, params }) {
      await retryRun(actor, { runId: params.run_id }, db);
      return presentRun(await getRun(actor, params.run_id, db));
    },
  }),
];
