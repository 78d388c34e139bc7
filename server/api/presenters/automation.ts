import { z } from "zod";
import { findTrigger } from "@/lib/graph/traverse";
import { actionSequence } from "@/lib/graph/sequence";
import type { GraphNode } from "@/lib/graph/schema";
import type { AutomationDetail, AutomationSummary } from "@/server/services/automations/present";
import type { DraftAction } from "@/server/services/automations/draft-actions";
import type { BulkEnrollResult } from "@/server/services/automations/bulk-enroll";
import { triggerFiltersOf, triggerTypeOf } from "@/server/services/automations/trigger-settings";
import { triggerFilterRows, type TriggerFilterRow } from "@/server/services/automations/trigger-filters";
import { iso, isoOrNull, registerSchema } from "./common";
import { failureAlertsSchema, presentFailureAlerts } from "./failure-alerts";

/** REST shapes of automations and their actions (snake_case lives only in server/api/presenters). */
export const automationStatusSchema = z.enum(["draft", "active", "paused", "archived"]);

export const conditionSchema = registerSchema(
  "Condition",
  z.object({ field: z.string(), operator: z.string(), value: z.unknown().optional() }).describe("One AND condition (seed operators: eq, neq, exists, …)"),
);

export const actionSchema = registerSchema(
  "Action",
  z.object({
    id: z.string(),
    automation_id: z.string(),
    action_type: z.string(),
    name: z.string(),
    sequence: z.number().int().nullable().describe("1-based order; null on a branching graph"),
    config: z.record(z.string(), z.unknown()),
  }),
);

export const triggerRowSchema = registerSchema(
  "TriggerFilter",
  z
    .object({ id: z.string().describe("The filter's field name"), automation_id: z.string(), source_type: z.string(), field: z.string(), value: z.string() })
    .describe("A source filter of the automation's one trigger (seed 000 trigger row)"),
);

export function presentTriggerRow(r: TriggerFilterRow): z.input<typeof triggerRowSchema> {
  return { id: r.id, automation_id: r.automationId, source_type: r.sourceType, field: r.field, value: r.value };
}

export const automationSummarySchema = registerSchema(
  "AutomationSummary",
  z.object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    status: automationStatusSchema,
    enabled: z.boolean(),
    trigger_type: z.string(),
    priority: z.number().int(),
    action_count: z.number().int(),
    published_version: z.number().int().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    archived_at: z.string().nullable(),
  }),
);

export const automationSchema = registerSchema(
  "Automation",
  automationSummarySchema.extend({
    stage_id: z.string().nullable(),
    trigger_filters: z.record(z.string(), z.string()),
    conditions: z.array(conditionSchema),
    draft_revision: z.number().int(),
    triggers: z.array(triggerRowSchema).describe("The trigger's rows, as GET /automations/{id}/triggers lists them (seed 000: the automation with its triggers and actions)"),
    actions: z.array(actionSchema),
    failure_alerts: failureAlertsSchema.nullable().describe("This automation's failure alerts; null = the workspace default applies (Settings → General)"),
  }),
);

export function presentAutomationSummary(a: AutomationSummary): z.input<typeof automationSummarySchema> {
  return {
    id: a.id,
    name: a.name,
    description: a.description,
    status: a.status.toLowerCase() as z.input<typeof automationStatusSchema>,
    enabled: a.status === "ACTIVE",
    trigger_type: a.triggerType,
    priority: a.priority,
    action_count: a.stepCount,
    published_version: a.publishedVersion,
    created_at: iso(a.createdAt),
    updated_at: iso(a.updatedAt),
    archived_at: isoOrNull(a.archivedAt),
  };
}

export function presentAction(automationId: string, node: GraphNode, sequence: number | null): z.input<typeof actionSchema> {
  return { id: node.id, automation_id: automationId, action_type: node.type, name: node.name, sequence, config: node.config };
}

export function presentDraftAction(automationId: string, a: DraftAction): z.input<typeof actionSchema> {
  return presentAction(automationId, a.node, a.sequence);
}

export function presentAutomation(a: AutomationDetail): z.input<typeof automationSchema> {
  const trigger = findTrigger(a.draftGraph);
  const filters = triggerFiltersOf(trigger);
  const seq = actionSequence(a.draftGraph);
  return {
    ...presentAutomationSummary(a),
    trigger_type: triggerTypeOf(trigger),
    stage_id: filters.stage_id ?? null,
    trigger_filters: filters,
    conditions: a.conditions.map((c) => ({ field: c.field, operator: c.operator, ...("value" in c ? { value: c.value } : {}) })),
    draft_revision: a.draftRevision,
    triggers: triggerFilterRows(a.id, triggerTypeOf(trigger), filters).map(presentTriggerRow),
    actions: seq.actions.map((n, i) => presentAction(a.id, n, seq.linear ? i + 1 : null)),
    failure_alerts: presentFailureAlerts(a.failureAlerts),
  };
}

export function presentBulkEnroll(r: BulkEnrollResult): { enrolled: number; skipped: number; run_ids: string[]; skipped_keys: string[] } {
  return { enrolled: r.enrolled, skipped: r.skipped, run_ids: r.runIds, skipped_keys: r.skippedKeys };
}
