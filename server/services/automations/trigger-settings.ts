import { z } from "zod";
import type { DbOrTx } from "@/server/db";
import type { Graph, GraphNode } from "@/lib/graph/schema";
import { findTrigger } from "@/lib/graph/traverse";
import { getNodeType } from "@/lib/nodes/registry";
import { eventFilterProblems } from "@/lib/triggers/event-config";
import { getBuiltInEventType } from "@/lib/triggers/event-types";
import { deprecatedEventTypeMessage } from "@/lib/triggers/names";
import { conditionsInputSchema } from "@/lib/conditions/object-form";
import { AppError, type FieldIssue } from "@/server/services/errors";
import { assertKnownEventType } from "@/server/services/events/fields";

/**
 * The seed's automation-level trigger fields (seeds 000/003): `trigger_type`
 * (a trigger node type — manual, webhook, schedule — or an event type such as
 * stage_changed), `stage_id` (required by stage_changed, the single source of
 * truth for stage matching), other source filters, and `conditions` (array or
 * object form; null clears). They are stored in the draft graph's one trigger
 * node and the automation's conditions, so the canvas shows the same thing.
 */
export const NODE_TRIGGER_TYPES = ["manual", "webhook", "schedule"] as const;

const filterValue = z.string({ error: "must be text" }).trim().max(200, "at most 200 characters");

export const triggerSettingsFields = {
  trigger_type: z
    .string({ error: "trigger_type must be text, e.g. stage_changed" })
    .trim()
    .min(1, "trigger_type must not be empty")
    .max(100, "trigger_type: at most 100 characters")
    .superRefine((v, ctx) => {
      const deprecated = deprecatedEventTypeMessage(v);
      if (deprecated) ctx.addIssue({ code: "custom", message: deprecated });
    }),
  stage_id: filterValue.nullish().describe("Pipeline stage id; required when trigger_type is stage_changed"),
  source_id: filterValue.nullish().describe("Only events from this source (its id)"),
  filters: z.record(z.string(), filterValue, { error: 'filters: an object of field names and text values, e.g. { "pipeline_id": "pl_1" }' }).optional(),
  conditions: conditionsInputSchema.optional().describe("AND conditions (array or object form); null removes all"),
};

export interface TriggerSettings {
  trigger_type?: string;
  stage_id?: string | null;
  source_id?: string | null;
  filters?: Record<string, string>;
}

const isNodeTrigger = (t: string): t is (typeof NODE_TRIGGER_TYPES)[number] => (NODE_TRIGGER_TYPES as readonly string[]).includes(t);

function badField(field: string, message: string): AppError {
  return new AppError("BAD_REQUEST", `${field}: ${message}`, { issues: [{ field, message }] });
}

/** The trigger type as the REST API names it: the event type of an event trigger, else the node type. */
export function triggerTypeOf(node: GraphNode | undefined): string {
  if (!node) return "none";
  if (node.type === "event") {
    const t = (node.config as { eventType?: unknown }).eventType;
    return typeof t === "string" && t ? t : "event";
  }
  return node.type;
}

export function triggerFiltersOf(node: GraphNode | undefined): Record<string, string> {
  if (!node || node.type !== "event") return {};
  const f = (node.config as { filters?: unknown }).filters;
  if (!f || typeof f !== "object") return {};
  return Object.fromEntries(Object.entries(f as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
}

/** The draft graph with its trigger node set from the seed fields (validated; unknown event types → 400). */
export async function applyTriggerSettings(db: DbOrTx, workspaceId: string, graph: Graph, s: TriggerSettings): Promise<Graph> {
  if (s.trigger_type === undefined && s.stage_id === undefined && s.source_id === undefined && s.filters === undefined) return graph;
  const current = findTrigger(graph);
  const type = s.trigger_type ?? triggerTypeOf(current);
  const sameType = triggerTypeOf(current) === type;
  const filters: Record<string, string> = { ...(s.filters ?? (sameType ? triggerFiltersOf(current) : {})) };
  if (s.stage_id !== undefined) {
    if (s.stage_id) filters.stage_id = s.stage_id;
    else delete filters.stage_id;
  }
  if (s.source_id !== undefined) {
    if (s.source_id) filters.source_id = s.source_id;
    else delete filters.source_id;
  }

  let node: GraphNode;
  const base = { id: current?.id ?? "trigger", position: current?.position ?? { x: 0, y: 0 } };
  if (isNodeTrigger(type)) {
    if (Object.keys(filters).length > 0) {
      const key = Object.keys(filters)[0];
      throw badField(key, `applies to event triggers only; trigger_type ${type} takes no source filters`);
    }
    const def = getNodeType(type);
    node = { ...base, type, name: sameType && current ? current.name : (def?.label ?? type), config: sameType && current ? current.config : { ...((def?.defaultConfig ?? {}) as Record<string, unknown>) } };
  } else {
    await assertKnownEventType(db, workspaceId, type, "trigger_type");
    const problems = eventFilterProblems(type, filters);
    if (problems.length > 0) {
      const issues: FieldIssue[] = problems.map((p) => ({ field: p.field.replace(/^filters\.(stage_id|source_id)$/, "$1"), message: p.message }));
      throw new AppError("BAD_REQUEST", `Invalid trigger — ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`, { issues });
    }
    const builtIn = getBuiltInEventType(type);
    const sample = sameType && current ? (current.config as { sampleData?: unknown }).sampleData : builtIn?.sample;
    node = { ...base, type: "event", name: builtIn?.label ?? type, config: { eventType: type, filters, sampleData: sample ?? {} } };
  }
  const nodes = current ? graph.nodes.map((n) => (n.id === current.id ? node : n)) : [node, ...graph.nodes];
  return { ...graph, nodes };
}
