import { z } from "zod";
import { NODE_TYPES } from "@/lib/nodes/registry";
import { listTriggerTypes } from "@/server/services/triggers/list-trigger-types";
import { getTriggerType } from "@/server/services/triggers/get-trigger-type";
import { ENRICHED_VARIABLES, type TriggerTypeEntry } from "@/server/services/triggers/catalog";
import { assertCan } from "@/server/services/automations/scope";
import { defineOperation } from "../operation";
import { registerSchema } from "../presenters/common";

const TAG = "Schemas";

const enrichedVariablesSchema = registerSchema(
  "EnrichedVariables",
  z
    .array(z.object({ namespace: z.string(), description: z.string(), examples: z.array(z.string()) }))
    .describe("Namespaces every trigger's runs offer besides trigger.* (seed 003 enriched_variables)"),
);
const ENRICHED = ENRICHED_VARIABLES.map((v) => ({ namespace: v.namespace, description: v.description, examples: [...v.examples] }));

const triggerTypeSchema = registerSchema(
  "TriggerType",
  z.object({
    trigger_type: z.string().describe("The trigger type key (seed 003); the same value as type"),
    type: z.string().describe("Alias of trigger_type (kept for existing clients)"),
    kind: z.enum(["node", "event"]),
    node_type: z.string(),
    label: z.string(),
    description: z.string(),
    category: z.string(),
    custom: z.boolean(),
    filters: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean(), description: z.string() })),
    config_schema: z.unknown().describe("JSON Schema of the trigger node's config"),
    sample_trigger_data: z.unknown(),
    available_variables: z.array(z.string()),
  }),
);
const triggerTypeDetailSchema = registerSchema("TriggerTypeDetail", triggerTypeSchema.extend({ enriched_variables: enrichedVariablesSchema }));

const actionTypeSchema = registerSchema(
  "ActionType",
  z.object({
    type: z.string(),
    kind: z.enum(["condition", "action", "control"]),
    category: z.string(),
    label: z.string(),
    description: z.string(),
    handles: z.array(z.string()),
    config_schema: z.unknown().describe("JSON Schema of config, derived from the same zod schema the server validates with"),
    default_config: z.unknown(),
    sample_output: z.unknown(),
  }),
);

const present = (e: TriggerTypeEntry): z.input<typeof triggerTypeSchema> => ({
  trigger_type: e.type,
  type: e.type,
  kind: e.kind,
  node_type: e.nodeType,
  label: e.label,
  description: e.description,
  category: e.category,
  custom: e.custom,
  filters: e.filters.map((f) => ({ ...f })),
  config_schema: e.configSchema,
  sample_trigger_data: e.sampleTriggerData,
  available_variables: e.availableVariables,
});

const ACTION_TYPES = NODE_TYPES.filter((d) => d.kind !== "trigger").map((d) => ({
  type: d.type,
  kind: d.kind as "condition" | "action" | "control",
  category: d.category,
  label: d.label,
  description: d.description,
  handles: d.handles.map((h) => h.id),
  config_schema: z.toJSONSchema(d.configSchema, { io: "input", unrepresentable: "any" }),
  default_config: d.defaultConfig,
  sample_output: d.sampleOutput,
}));

export const schemaOperations = [
  defineOperation({
    method: "GET",
    path: "/schemas/triggers",
    operationId: "listTriggerSchemas",
    summary: "Trigger catalog",
    description: "Trigger node types and every event type (built-in and the workspace's custom ones) with config JSON Schema, sample trigger data and available variables.",
    tag: TAG,
    permission: "automations:read",
    success: { status: 200, description: "Every trigger type, and the enriched_variables every one offers", schema: z.object({ data: z.array(triggerTypeSchema), enriched_variables: enrichedVariablesSchema }) },
    handler: async ({ actor, db }) => ({ data: (await listTriggerTypes(actor, db)).map(present), enriched_variables: ENRICHED }),
  }),
  defineOperation({
    method: "GET",
    path: "/schemas/triggers/{trigger_type}",
    operationId: "getTriggerSchema",
    summary: "One trigger type",
    tag: TAG,
    permission: "automations:read",
    params: z.strictObject({ trigger_type: z.string().min(1).max(100) }),
    description: "404 (not_found) when the trigger_type is not recognised.",
    success: { status: 200, description: "The trigger type with enriched_variables", schema: triggerTypeDetailSchema },
    errors: [404],
    handler: async ({ actor, db, params }) => ({ ...present(await getTriggerType(actor, params.trigger_type, db)), enriched_variables: ENRICHED }),
  }),
  defineOperation({
    method: "GET",
    path: "/schemas/actions",
    operationId: "listActionSchemas",
    summary: "Action catalog",
    tag: TAG,
    permission: "automations:read",
    success: { status: 200, description: "Every action type with its config JSON Schema", schema: z.object({ data: z.array(actionTypeSchema) }) },
    async handler({ actor }) {
      assertCan(actor, "automations:read");
      return { data: ACTION_TYPES };
    },
  }),
];
