import { z } from "zod";
import { addDraftAction, deleteDraftAction, listDraftActions, reorderDraftActions, updateDraftAction } from "@/server/services/automations/draft-actions";
import { defineOperation } from "../operation";
import { actionSchema, presentDraftAction } from "../presenters/automation";
import { idParam } from "./params";

const TAG = "Actions";
const actionParams = z.strictObject({ automation_id: idParam("automation_id"), action_id: idParam("action_id") });
const automationParams = z.strictObject({ automation_id: idParam("automation_id") });
const configField = z.record(z.string(), z.unknown(), { error: "config: must be an object" }).optional();

export const actionOperations = [
  defineOperation({
    method: "GET",
    path: "/automations/{automation_id}/actions",
    operationId: "listActions",
    summary: "List the draft's actions, ordered by sequence",
    tag: TAG,
    permission: "automations:read",
    params: automationParams,
    success: { status: 200, description: "Every action (sequence null on a branching graph)", schema: z.object({ data: z.array(actionSchema) }) },
    errors: [404],
    async handler({ actor, db, params }) {
      const list = await listDraftActions(actor, { automationId: params.automation_id }, db);
      return { data: list.map((a) => presentDraftAction(params.automation_id, a)) };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/automations/{automation_id}/actions",
    operationId: "createAction",
    summary: "Add an action to the draft at a sequence position",
    description: "action_type (see GET /schemas/actions) and sequence (1-based) are required; 409 on a branching graph.",
    tag: TAG,
    permission: "automations:write",
    params: automationParams,
    body: z.strictObject({ action_type: z.string().min(1).max(64), sequence: z.number().int().min(1), config: configField, name: z.string().min(1).max(80).optional() }),
    idempotent: true,
    success: { status: 201, description: "The added action", schema: actionSchema },
    errors: [404, 409],
    async handler({ actor, db, params, body }) {
      return presentDraftAction(params.automation_id, await addDraftAction(actor, { automationId: params.automation_id, ...body }, db));
    },
  }),
  defineOperation({
    method: "POST",
    path: "/automations/{automation_id}/actions/reorder",
    operationId: "reorderActions",
    summary: "Reorder the draft's actions",
    description: "action_ids lists every action id in the new order. A branching graph has no single order: 409 with the reason.",
    tag: TAG,
    permission: "automations:write",
    params: automationParams,
    body: z.strictObject({ action_ids: z.array(z.string().min(1).max(64)).min(1) }),
    success: { status: 200, description: "The actions in their new order", schema: z.object({ data: z.array(actionSchema) }) },
    errors: [404, 409],
    async handler({ actor, db, params, body }) {
      const list = await reorderDraftActions(actor, { automationId: params.automation_id, action_ids: body.action_ids }, db);
      return { data: list.map((a) => presentDraftAction(params.automation_id, a)) };
    },
  }),
  defineOperation({
    method: "PATCH",
    path: "/automations/{automation_id}/actions/{action_id}",
    operationId: "updateAction",
    summary: "Update an action (config is merged; sequence moves it)",
    tag: TAG,
    permission: "automations:write",
    params: actionParams,
    body: z.strictObject({ config: configField, name: z.string().min(1).max(80).optional(), sequence: z.number().int().min(1).optional() }),
    success: { status: 200, description: "The updated action", schema: actionSchema },
    errors: [404, 409],
    async handler({ actor, db, params, body }) {
      return presentDraftAction(params.automation_id, await updateDraftAction(actor, { automationId: params.automation_id, actionId: params.action_id, ...body }, db));
    },
  }),
  defineOperation({
    method: "DELETE",
    path: "/automations/{automation_id}/actions/{action_id}",
    operationId: "deleteAction",
    summary: "Delete an action (its neighbours are reconnected)",
    tag: TAG,
    permission: "automations:write",
    params: actionParams,
    success: { status: 204, description: "Deleted" },
    errors: [404, 409],
    async handler({ actor, db, params }) {
      await deleteDraftAction(actor, { automationId: params.automation_id, actionId: params.action_id }, db);
    },
  }),
];
