import { getDb, type Db } from "@/server/db";
import { findTrigger } from "@/lib/graph/traverse";
import { AppError, type Actor } from "@/server/services/errors";
import { configureAutomation } from "./configure-automation";
import { getAutomation } from "./get-automation";
import { assertCan } from "./scope";
import { triggerFiltersOf, triggerTypeOf } from "./trigger-settings";

/**
 * Seed 000 "triggers" sub-resource: an automation has one trigger; its rows
 * are that trigger's source filters (field = value, e.g. source_id = src_1),
 * each identified by its field name. Edits go to the draft graph's trigger
 * node through configureAutomation, so the canvas shows the same thing.
 * stage_changed matches on the automation's stage_id only: rows are refused.
 */
export interface TriggerFilterRow {
  id: string;
  automationId: string;
  sourceType: string;
  field: string;
  value: string;
}

const STAGE_CHANGED = "stage_changed";

function stageChangedRefused(): AppError {
  return new AppError("BAD_REQUEST", "stage_changed automations match on stage_id: set it with PATCH /automations/{id} { stage_id } instead of a trigger row", {
    issues: [{ field: "source_type", message: "trigger rows are not used for stage_changed; pass stage_id on the automation" }],
  });
}

async function current(actor: Actor, automationId: string, db: Db) {
  const a = await getAutomation(actor, { id: automationId }, db);
  const trigger = findTrigger(a.draftGraph);
  return { automation: a, type: triggerTypeOf(trigger), filters: triggerFiltersOf(trigger) };
}

/** The trigger rows of an automation's trigger (also shown in GET /automations/:id). */
export function triggerFilterRows(automationId: string, type: string, filters: Record<string, string>): TriggerFilterRow[] {
  return Object.entries(filters).map(([field, value]) => ({ id: field, automationId, sourceType: type, field, value }));
}

export async function listTriggerFilters(actor: Actor, automationId: string, db: Db = getDb()): Promise<TriggerFilterRow[]> {
  const c = await current(actor, automationId, db);
  return triggerFilterRows(c.automation.id, c.type, c.filters);
}

/** Adds (or replaces) one source filter; source_type, when given, must be the automation's trigger_type. */
export async function addTriggerFilter(actor: Actor, input: { automationId: string; field: string; value: string; sourceType?: string }, db: Db = getDb()): Promise<TriggerFilterRow> {
  assertCan(actor, "automations:write");
  const c = await current(actor, input.automationId, db);
  const type = input.sourceType ?? c.type;
  if (type === STAGE_CHANGED || c.type === STAGE_CHANGED) throw stageChangedRefused();
  if (type !== c.type) {
    throw new AppError("BAD_REQUEST", `source_type: this automation's trigger_type is ${c.type}; change it with PATCH /automations/{id} first`, { issues: [{ field: "source_type", message: `must be ${c.type}` }] });
  }
  const filters = { ...c.filters, [input.field]: input.value };
  await configureAutomation(actor, { id: c.automation.id, filters }, db);
  return { id: input.field, automationId: c.automation.id, sourceType: c.type, field: input.field, value: input.value };
}

async function existingRow(actor: Actor, automationId: string, triggerId: string, db: Db) {
  const c = await current(actor, automationId, db);
  if (!(triggerId in c.filters)) throw new AppError("NOT_FOUND", `Trigger ${triggerId} not found on this automation`, { trigger_id: triggerId });
  if (c.type === STAGE_CHANGED && triggerId === "stage_id") throw stageChangedRefused();
  return c;
}

export async function updateTriggerFilter(actor: Actor, input: { automationId: string; triggerId: string; value: string }, db: Db = getDb()): Promise<TriggerFilterRow> {
  assertCan(actor, "automations:write");
  const c = await existingRow(actor, input.automationId, input.triggerId, db);
  await configureAutomation(actor, { id: c.automation.id, filters: { ...c.filters, [input.triggerId]: input.value } }, db);
  return { id: input.triggerId, automationId: c.automation.id, sourceType: c.type, field: input.triggerId, value: input.value };
}

export async function deleteTriggerFilter(actor: Actor, input: { automationId: string; triggerId: string }, db: Db = getDb()): Promise<void> {
  assertCan(actor, "automations:write");
  const c = await existingRow(actor, input.automationId, input.triggerId, db);
  const filters = { ...c.filters };
  delete filters[input.triggerId];
  await configureAutomation(actor, { id: c.automation.id, filters }, db);
}
