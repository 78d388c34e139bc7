import { z } from "zod";
import { defineNodeType } from "../field-meta";
import { eventFilterProblems } from "../../triggers/event-config";
import { getBuiltInEventType } from "../../triggers/event-types";

/**
 * Event trigger: starts the automation when an event of its type is emitted
 * in the workspace (events.emit, REST, system) and every filter set here equals
 * the event data's top-level field of the same name.
 */
export const eventConfigSchema = z
  .object({
    eventType: z
      .string({ error: () => "must be text" })
      .trim()
      .max(100, "must be at most 100 characters")
      .default("")
      .describe("The event that starts the automation: a built-in type (e.g. deal_updated) or a custom type of this workspace"),
    filters: z
      .record(z.string(), z.string({ error: () => "must be text" }).trim().max(200, "must be at most 200 characters"), {
        error: () => 'must be an object of field names and values, e.g. { "stage_id": "st_won" }',
      })
      .default({})
      .describe("Only events whose data has these top-level values (e.g. stage_id); empty values are ignored"),
    sampleData: z
      .record(z.string(), z.unknown())
      .default({})
      .describe("Example event data for test runs from the editor and the variable picker; filled from the event type's sample"),
  })
  .superRefine((config, ctx) => {
    for (const issue of eventFilterProblems(config.eventType, config.filters)) {
      ctx.addIssue({ code: "custom", path: issue.field.split(".").slice(0, 2), message: issue.message });
    }
  });
export type EventConfig = z.infer<typeof eventConfigSchema>;

export const eventNode = defineNodeType({
  type: "event",
  version: 1,
  kind: "trigger",
  pure: true,
  category: "Triggers",
  label: "Event",
  description: "Start the automation when an event happens in the workspace (deal updated, form completed, custom events…).",
  icon: "Zap",
  configSchema: eventConfigSchema,
  defaultConfig: { eventType: "", filters: {}, sampleData: {} },
  handles: [{ id: "next", label: "Next" }],
  sampleOutput: {
    _trigger_entity_kind: "contact",
    _trigger_entity_id: "ct_8f2a",
    contact: { id: "ct_8f2a", first_name: "Ada", last_name: "Lovelace", email: "ada@example.com" },
  },
  summarize(config) {
    if (!config.eventType) return "Choose an event type";
    const label = getBuiltInEventType(config.eventType)?.label ?? config.eventType;
    const set = Object.entries(config.filters).filter(([, v]) => v !== "");
    return set.length ? `${label} · ${set.map(([k, v]) => `${k} = ${v}`).join(", ")}` : `On ${label.toLowerCase()}`;
  },
  defaultTimeoutMs: 5_000,
  fieldMeta: {
    eventType: { label: "Event type", required: true, raw: true },
    filters: { label: "Filters", widget: "json", raw: true },
    sampleData: { label: "Test data", widget: "json", raw: true },
  },
});
