import { z } from "zod";
import { getNodeType } from "@/lib/nodes/registry";
import { BUILT_IN_EVENT_TYPES, type EventTypeDefinition } from "@/lib/triggers/event-types";
import { availableVariables } from "@/lib/triggers/variables";
import type { CustomEventTypeItem } from "@/server/services/event-types/fields";

/**
 * Trigger catalog entries (seed 003 "Schemas", seed 004 trigger catalog):
 * the trigger node types (manual, webhook, schedule, event) and every event
 * type an event trigger can listen to (built-in + the workspace's custom
 * types), each with a JSON Schema of its config (from zod), a realistic
 * sample of the trigger data and the `{{trigger.…}}` tokens it offers.
 */
export interface TriggerTypeEntry {
  /** "manual" | "webhook" | "schedule" | "event", or an event type such as "deal_updated" */
  type: string;
  /** "node": a trigger node type; "event": an event type (use an `event` trigger node with this eventType) */
  kind: "node" | "event";
  /** the trigger node type that starts on it */
  nodeType: string;
  label: string;
  description: string;
  category: string;
  custom: boolean;
  /** event types: filter fields (required ones must be set on the trigger) */
  filters: Array<{ key: string; label: string; required: boolean; description: string }>;
  configSchema: unknown;
  sampleTriggerData: unknown;
  availableVariables: string[];
}

/** Trigger node types in catalog order; ones not in the registry (yet) are left out. */
export const TRIGGER_NODE_TYPES = ["manual", "webhook", "schedule", "event"] as const;

function nodeEntry(type: string): TriggerTypeEntry | null {
  const def = getNodeType(type);
  if (!def || def.kind !== "trigger") return null;
  const defaults = (def.defaultConfig ?? {}) as { sampleData?: unknown };
  const sample = defaults.sampleData && typeof defaults.sampleData === "object" && Object.keys(defaults.sampleData).length ? defaults.sampleData : def.sampleOutput;
  return {
    type: def.type,
    kind: "node",
    nodeType: def.type,
    label: def.label,
    description: def.description,
    category: def.category,
    custom: false,
    filters: [],
    configSchema: z.toJSONSchema(def.configSchema, { io: "input", unrepresentable: "any" }),
    sampleTriggerData: sample ?? {},
    availableVariables: availableVariables(sample ?? {}),
  };
}

/** The event trigger config for one event type: eventType fixed, its filters listed (required ones required). */
function eventConfigSchema(type: string, filters: EventTypeDefinition["filters"] | null): unknown {
  const filterShape = filters
    ? z.object(
        Object.fromEntries(
          filters.map((f) => {
            const field = z.string().max(200).describe(f.description);
            return [f.key, f.required ? field.min(1) : field.optional()];
          }),
        ),
      ).strict()
    : z.record(z.string(), z.string().max(200));
  const schema = z.object({
    eventType: z.literal(type),
    filters: filters?.some((f) => f.required) ? filterShape : filterShape.optional(),
    sampleData: z.record(z.string(), z.unknown()).optional().describe("Example event data for test runs and the variable picker"),
  });
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
}

function builtInEntry(t: EventTypeDefinition): TriggerTypeEntry {
  return {
    type: t.type,
    kind: "event",
    nodeType: "event",
    label: t.label,
    description: t.description,
    category: t.category,
    custom: false,
    filters: t.filters.map((f) => ({ ...f })),
    configSchema: eventConfigSchema(t.type, t.filters),
    sampleTriggerData: t.sample,
    availableVariables: availableVariables(t.sample),
  };
}

function customEntry(t: CustomEventTypeItem): TriggerTypeEntry {
  return {
    type: t.name,
    kind: "event",
    nodeType: "event",
    label: t.name,
    description: t.description || "Custom event type of this workspace.",
    category: "Custom",
    custom: true,
    filters: [],
    configSchema: eventConfigSchema(t.name, null),
    sampleTriggerData: t.samplePayload,
    availableVariables: availableVariables(t.samplePayload),
  };
}

export function catalogEntries(custom: CustomEventTypeItem[]): TriggerTypeEntry[] {
  const nodes = TRIGGER_NODE_TYPES.map(nodeEntry).filter((e): e is TriggerTypeEntry => e !== null);
  return [...nodes, ...BUILT_IN_EVENT_TYPES.map(builtInEntry), ...custom.map(customEntry)];
}

/**
 * Seed 003's `enriched_variables`: the namespaces a run offers on every
 * trigger besides `trigger.*` (Switchyard does no CRM matching, so these are
 * the template roots of lib/templates rather than contact.* / deal.*).
 */
export interface EnrichedVariableNamespace {
  namespace: string;
  description: string;
  examples: string[];
}

export const ENRICHED_VARIABLES: readonly EnrichedVariableNamespace[] = [
  { namespace: "steps.*", description: "Output of an earlier step, by its name or id", examples: ["{{steps.Fetch order.body}}", '{{steps["Fetch order"].status}}'] },
  { namespace: "vars.*", description: "Variables set by a set_variables step earlier in the run", examples: ["{{vars.region}}"] },
  { namespace: "loop.*", description: "Inside a loop: the current item and its index", examples: ["{{loop.item}}", "{{loop.index}}"] },
  { namespace: "today", description: "The run's date (YYYY-MM-DD, UTC)", examples: ["{{today}}"] },
  { namespace: "now", description: "The current time (ISO 8601)", examples: ["{{now}}"] },
  { namespace: "connections.*", description: "A stored connection's secret fields (only in fields that accept secrets)", examples: ["{{connections.Stripe.api_key}}"] },
];
