import { describe, expect, it } from "vitest";
import { availableVariables, triggerVariablePaths } from "./variables";
import { eventFilterProblems, triggerSample } from "./event-config";
import { customEventTypeNameProblem, eventTypeNameProblem } from "./names";
import { BUILT_IN_EVENT_TYPES, getBuiltInEventType } from "./event-types";

describe("trigger variables", () => {
  it("lists every field as {{trigger.…}}, arrays through their first item, odd keys in brackets", () => {
    expect(availableVariables({ a: { b: 1 }, list: [{ sku: "x" }], "first name": "Ada" })).toEqual([
      "{{trigger.a}}",
      "{{trigger.a.b}}",
      "{{trigger.list}}",
      "{{trigger.list.0}}",
      "{{trigger.list.0.sku}}",
      '{{trigger["first name"]}}',
    ]);
    expect(triggerVariablePaths({})).toEqual([]);
  });
});

describe("event catalog", () => {
  it("covers the seeds' event types; required filters are declared; samples carry filter fields at the top level", () => {
    const types = BUILT_IN_EVENT_TYPES.map((t) => t.type);
    for (const t of ["contact_created", "contact_updated", "deal_created", "deal_updated", "stage_changed", "form_completed", "email_received", "sms_received", "booking_created", "row_added", "record_updated", "patient.onboarded", "appointment.first_booked"]) {
      expect(types).toContain(t);
    }
    expect(new Set(types).size).toBe(types.length);
    expect(getBuiltInEventType("stage_changed")!.filters.find((f) => f.key === "stage_id")?.required).toBe(true);
    expect(getBuiltInEventType("form_completed")!.filters.find((f) => f.key === "form_template_id")?.required).toBe(true);
    expect(getBuiltInEventType("record_updated")!.filters.find((f) => f.key === "table_id")?.required).toBe(true);
    for (const t of BUILT_IN_EVENT_TYPES) {
      for (const f of t.filters.filter((x) => x.required)) expect(t.sample, `${t.type}.${f.key}`).toHaveProperty(f.key);
      expect(eventTypeNameProblem(t.type), t.type).toBeNull();
    }
  });

  it("validates types and filters without the database", () => {
    expect(eventFilterProblems("form_submitted", {})).toEqual([{ field: "eventType", message: expect.stringContaining('use "form_completed"') }]);
    expect(eventFilterProblems("form_completed", {})).toEqual([{ field: "filters.form_template_id", message: expect.stringContaining("is required") }]);
    expect(eventFilterProblems("invoice.paid", { currency: "EUR" })).toEqual([]);
    expect(eventFilterProblems("invoice.paid", { "bad key": "x" })[0].field).toBe("filters.bad key");
    expect(customEventTypeNameProblem("stage_changed")).toContain("built-in");
    expect(customEventTypeNameProblem("manual")).toContain("reserved");
    expect(customEventTypeNameProblem("Invoice.Paid")).toContain("lowercase");
  });

  it("picks the sample of a trigger node: its test data, else its event type's sample, else the catalog's", () => {
    expect(triggerSample({ type: "event", config: { eventType: "deal_updated", sampleData: {} } }, { x: 1 })).toBe(getBuiltInEventType("deal_updated")!.sample);
    expect(triggerSample({ type: "event", config: { eventType: "deal_updated", sampleData: { mine: true } } }, {})).toEqual({ mine: true });
    expect(triggerSample({ type: "event", config: { eventType: "custom.one" } }, { x: 1 })).toEqual({ x: 1 });
    expect(triggerSample({ type: "manual", config: {} }, undefined)).toEqual({});
  });
});
