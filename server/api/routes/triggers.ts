import { z } from "zod";
import { addTriggerFilter, deleteTriggerFilter, listTriggerFilters, updateTriggerFilter } from "@/server/services/automations/trigger-filters";
import { defineOperation } from "../operation";
import { presentTriggerRow, triggerRowSchema as triggerSchema } from "../presenters/automation";
import { automationParams, idParam } from "./params";

const TAG = "Automations";
const triggerParams = z.strictObject({ automation_id: idParam("automation_id"), trigger_id: idParam("trigger_id") });
const fieldName = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, "field: letters, digits, _ . or -");
const value = z.string().trim().min(1).max(200);

const present = presentTriggerRow;

export const triggerOperations = [
  defineOperation({
    method: "GET",
    path: "/automations/{automation_id}/triggers",
    operationId: "listTriggers",
    summary: "List the trigger's source filters",
    tag: TAG,
    permission: "automations:read",
    params: automationParams,
    success: { status: 200, description: "Every source filter", schema: z.object({ data: z.array(triggerSchema) }) },
    errors: [404],
    handler: async ({ actor, db, params }) => ({ data: (await listTriggerFilters(actor, params.automation_id, db)).map(present) }),
  }),
  defineOperation({
    method: "POST",
    path: "/automations/{automation_id}/triggers",
    operationId: "createTrigger",
    summary: "Add a source filter to the automation's event trigger (draft)",
    description: "source_type defaults to the automation's trigger_type. Pass source_id, or field + value. stage_changed automations are refused with 400: set stage_id on the automation.",
    tag: TAG,
    permission: "automations:write",
    params: automationParams,
    body: z
      .strictObject({ source_type: z.string().min(1).max(100).optional(), source_id: value.optional(), field: fieldName.optional(), value: value.optional() })
      .refine((b) => (b.source_id !== undefined) !== (b.field !== undefined && b.value !== undefined), { message: "pass source_id, or field and value" }),
    idempotent: true,
    success: { status: 201, description: "The filter", schema: triggerSchema },
    errors: [404, 409],
    async handler({ actor, db, params, body }) {
      const field = body.source_id !== undefined ? "source_id" : body.field!;
      const v = body.source_id ?? body.value!;
      return present(await addTriggerFilter(actor, { automationId: params.automation_id, field, value: v, sourceType: body.source_type }, db));
    },
  }),
  defineOperation({
    method: "PATCH",
    path: "/automations/{automation_id}/triggers/{trigger_id}",
    operationId: "updateTrigger",
    summary: "Change a source filter's value (draft)",
    tag: TAG,
    permission: "automations:write",
    params: triggerParams,
    body: z.strictObject({ value }),
    success: { status: 200, description: "The filter", schema: triggerSchema },
    errors: [404, 409],
    handler: async ({ actor, db, params, body }) => present(await updateTriggerFilter(actor, { automationId: params.automation_id, triggerId: params.trigger_id, value: body.value }, db)),
  }),
  defineOperation({
    method: "DELETE",
    path: "/automations/{automation_id}/triggers/{trigger_id}",
    operationId: "deleteTrigger",
    summary: "Remove a source filter (draft)",
    tag: TAG,
    permission: "automations:write",
    params: triggerParams,
    success: { status: 204, description: "Removed" },
    errors: [404, 409],
    async handler({ actor, db, params }) {
      await deleteTriggerFilter(actor, { automationId: params.automation_id, triggerId: params.trigger_id }, db);
    },
  }),
];
