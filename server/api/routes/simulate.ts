import { z } from "zod";
import { simulateAutomation } from "@/server/services/automations/simulate-automation";
import { executeAction } from "@/server/services/automations/execute-action";
import { getRun } from "@/server/services/runs/get-run";
import { waitForRunAnswer } from "@/server/triggers/webhook/result";
import { defineOperation } from "../operation";
import { registerSchema } from "../presenters/common";
import { presentRun, runSchema } from "../presenters/run";
import { automationParams, idParam } from "./params";
import { env } from "@/server/env";
import { TRIGGER_WAIT_MS } from "./runs";

const triggerData = z.record(z.string(), z.unknown(), { error: "trigger_data: must be a JSON object" }).optional();

const simulationSchema = registerSchema(
  "Simulation",
  z.object({
    automation_id: z.string(),
    draft_revision: z.number().int(),
    would_execute: z.boolean().describe("true when the conditions match: a run would execute actions_preview"),
    conditions_matched: z.boolean(),
    conditions: z.array(z.object({ field: z.string(), operator: z.string(), expected: z.unknown(), actual: z.unknown(), passed: z.boolean(), reason: z.string() })),
    actions_preview: z.array(
      z.object({
        action_id: z.string(),
        action_type: z.string(),
        name: z.string(),
        status: z.enum(["preview", "error"]),
        preview: z.unknown().describe("What the action would do (request, message …); nothing is sent"),
        error: z.string().nullable(),
        handle: z.string().nullable().describe("The branch the run would follow (condition: true/false)"),
        warnings: z.array(z.string()),
      }),
    ),
  }),
);

export const simulateOperations = [
  defineOperation({
    method: "POST",
    path: "/automations/{automation_id}/test",
    operationId: "simulateAutomation",
    summary: "Simulate the draft with trigger_data: conditions and action previews, nothing sent, no run recorded",
    description: "Each condition's result, then each action's preview() along the path a run would take (condition nodes pick their branch). No side effects.",
    tag: "Automations",
    permission: "automations:read",
    params: automationParams,
    body: z.strictObject({ trigger_data: triggerData }),
    success: { status: 200, description: "The simulation", schema: simulationSchema },
    errors: [404, 422],
    async handler({ actor, db, params, body }) {
      const s = await simulateAutomation(actor, { automationId: params.automation_id, triggerData: body.trigger_data ?? {} }, db);
      return {
        automation_id: s.automationId,
        draft_revision: s.draftRevision,
        would_execute: s.wouldExecute,
        conditions_matched: s.conditionsMatched,
        conditions: s.conditions.map((c) => ({ field: c.field, operator: c.operator, expected: c.expected ?? null, actual: c.actual ?? null, passed: c.passed, reason: c.reason })),
        actions_preview: s.steps
          .filter((st) => st.nodeId !== s.path[0])
          .map((st) => ({ action_id: st.nodeId, action_type: st.nodeType, name: st.nodeName, status: st.status, preview: st.preview, error: st.error, handle: st.handle, warnings: st.warnings })),
      };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/automations/{automation_id}/actions/{action_id}/execute",
    operationId: "executeAction",
    summary: "Execute one draft action in isolation with trigger_data (recorded as a test run)",
    description: `Runs a copy of the action after a manual trigger through the executor and answers the normalized run, waiting up to ${TRIGGER_WAIT_MS / 1000} s. Conditions do not apply.`,
    tag: "Actions",
    permission: "automations:trigger",
    params: z.strictObject({ automation_id: idParam("automation_id"), action_id: idParam("action_id") }),
    body: z.strictObject({ trigger_data: triggerData }),
    idempotent: true,
    success: { status: 201, description: "The run", schema: runSchema },
    errors: [404, 422],
    async handler({ actor, db, params, body }) {
      const r = await executeAction(actor, { automationId: params.automation_id, actionId: params.action_id, triggerData: body.trigger_data ?? {} }, db);
      const waitMs = env().API_TRIGGER_WAIT_MS;
      if (waitMs > 0) await waitForRunAnswer(db, r.runId, waitMs, true);
      return presentRun(await getRun(actor, r.runId, db));
    },
  }),
];
