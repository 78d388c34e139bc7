import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCustomEventType } from "@/server/services/event-types/create-custom-event-type";
import { updateCustomEventType } from "@/server/services/event-types/update-custom-event-type";
import { deleteCustomEventType } from "@/server/services/event-types/delete-custom-event-type";
import { listCustomEventTypes } from "@/server/services/event-types/list-custom-event-types";
import { emitEvent } from "@/server/services/events/emit-event";
import { listTriggerTypes } from "@/server/services/triggers/list-trigger-types";
import { getTriggerType } from "@/server/services/triggers/get-trigger-type";
import { setAutomationStatus } from "@/server/services/automations/set-automation-status";
import { validateNodeConfig } from "@/lib/nodes/config";
import { getNodeType } from "@/lib/nodes/registry";
import { BUILT_IN_EVENT_TYPES } from "@/lib/triggers/event-types";
import type { Actor } from "@/server/services/errors";
import { engineEnv, setupEngineTest, waitForStatus, type EngineTest } from "../engine/helpers";
import { callers, expectTrpcError } from "../trpc/harness";
import { eventAutomation } from "./event-helpers";

engineEnv();

let t: EngineTest;
let otherAdmin: Actor;
beforeAll(async () => {
  t = await setupEngineTest();
  otherAdmin = { userId: t.ws.otherAdminId, workspaceId: t.ws.otherWorkspaceId, role: "ADMIN" };
});
afterAll(async () => {
  await t?.cleanup();
});

describe("custom event types", () => {
  it("are created with a name, description and sample payload, listed per workspace, and start automations that listen to them", async () => {
    const created = await createCustomEventType(t.admin, { name: "invoice.paid", description: "An invoice was paid", samplePayload: { invoice: { id: "inv_1", total: 120 } } }, t.db);
    expect(created).toMatchObject({ name: "invoice.paid", samplePayload: { invoice: { id: "inv_1", total: 120 } } });
    expect((await listCustomEventTypes(t.admin, t.db)).map((x) => x.name)).toEqual(["invoice.paid"]);
    expect(await listCustomEventTypes(otherAdmin, t.db)).toEqual([]);

    const id = await eventAutomation(t.db, t.admin.workspaceId, "on paid", "invoice.paid", { currency: "EUR" });
    const { event } = await emitEvent(t.admin, { event_type: "invoice.paid", data: { currency: "EUR", marker: "p" } }, t.db);
    expect(event.runs.map((r) => r.automationId)).toEqual([id]);
    await waitForStatus(t.db, event.runs[0].runId, ["COMPLETED"]);
    // another workspace does not know the type
    await expect(emitEvent(otherAdmin, { event_type: "invoice.paid", data: {} }, t.db)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("reject bad names: syntax, built-in, reserved, form_submitted, duplicates", async () => {
    const bad: Array<[string, string]> = [
      ["Invoice Paid", "lowercase letters"],
      ["deal_updated", "built-in event type"],
      ["webhook", "reserved"],
      ["form_submitted", "form_completed"],
      ["x", "2–100 characters"],
    ];
    for (const [name, message] of bad) {
      await expect(createCustomEventType(t.admin, { name }, t.db), name).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining(message) });
    }
    await createCustomEventType(t.admin, { name: "lead.scored" }, t.db);
    await expect(createCustomEventType(t.admin, { name: "lead.scored" }, t.db)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(createCustomEventType(t.admin, { name: "lead.big", samplePayload: [1] as never }, t.db)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("samplePayload: must be a JSON object"),
    });
  });

  it("can be updated; renaming and deleting are refused while an automation listens to the type", async () => {
    const type = await createCustomEventType(t.admin, { name: "ticket.closed" }, t.db);
    const updated = await updateCustomEventType(t.admin, { id: type.id, description: "Closed", samplePayload: { ticket: { id: 7 } } }, t.db);
    expect(updated).toMatchObject({ description: "Closed", samplePayload: { ticket: { id: 7 } } });
    const automation = await eventAutomation(t.db, t.admin.workspaceId, "Ticket follow-up", "ticket.closed");
    await expect(deleteCustomEventType(t.admin, { id: type.id }, t.db)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("Ticket follow-up") });
    await expect(updateCustomEventType(t.admin, { id: type.id, name: "ticket.done" }, t.db)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(deleteCustomEventType(otherAdmin, { id: type.id }, t.db)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await t.db.automation.delete({ where: { id: automation } });
    await expect(updateCustomEventType(t.admin, { id: type.id, name: "ticket.done" }, t.db)).resolves.toMatchObject({ name: "ticket.done" });
    await expect(deleteCustomEventType(t.admin, { id: type.id }, t.db)).resolves.toEqual({ id: type.id });
  });

  it("activating an automation that listens to an unknown custom type fails and leaves it inactive", async () => {
    const id = await eventAutomation(t.db, t.admin.workspaceId, "typo", "invoice.payed", {}, { status: "PAUSED" });
    await expect(setAutomationStatus(t.admin, { id, status: "ACTIVE" }, t.db)).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      message: expect.stringContaining('"invoice.payed" is neither a built-in event type nor a custom event type'),
    });
    expect((await t.db.automation.findUniqueOrThrow({ where: { id } })).status).toBe("PAUSED");
    expect((await t.db.automationTrigger.findUniqueOrThrow({ where: { automationId: id } })).active).toBe(false);
  });

  it("writes are admin-only through tRPC; specialists can list", async () => {
    const c = await callers(t.db, t.ws);
    await expectTrpcError(c.specialist.eventTypes.create({ name: "spec.made" }), "FORBIDDEN", "create");
    expect((await c.specialist.eventTypes.list()).map((x) => x.name)).toContain("invoice.paid");
  });
});

describe("trigger catalog", () => {
  it("lists trigger node types and every event type with configSchema, sampleTriggerData and availableVariables", async () => {
    const list = await listTriggerTypes(t.admin, t.db);
    const types = list.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["manual", "event", ...BUILT_IN_EVENT_TYPES.map((e) => e.type), "invoice.paid"]));
    expect(types).not.toContain("form_submitted");
    const stage = list.find((e) => e.type === "stage_changed")!;
    expect(stage).toMatchObject({ kind: "event", nodeType: "event", category: "CRM" });
    expect(stage.availableVariables).toEqual(expect.arrayContaining(["{{trigger.stage_id}}", "{{trigger.deal.value}}", "{{trigger._changed_fields.0}}"]));
    const schema = stage.configSchema as { properties: { filters: { required?: string[] } }; required?: string[] };
    expect(schema.properties.filters.required).toEqual(["stage_id"]);
    const custom = list.find((e) => e.type === "invoice.paid")!;
    expect(custom).toMatchObject({ custom: true, sampleTriggerData: { invoice: { id: "inv_1", total: 120 } } });
    expect(custom.availableVariables).toContain("{{trigger.invoice.total}}");
    const manual = await getTriggerType(t.admin, "manual", t.db);
    expect(manual.configSchema).toMatchObject({ type: "object" });
    // update events carry _changed_fields and _previous_values
    for (const e of BUILT_IN_EVENT_TYPES.filter((x) => x.type.endsWith("_updated") || x.type === "stage_changed")) {
      expect(e.sample, e.type).toHaveProperty("_changed_fields");
      expect(e.sample, e.type).toHaveProperty("_previous_values");
    }
  });

  it("rejects form_submitted everywhere with a pointer to form_completed", async () => {
    await expect(getTriggerType(t.admin, "form_submitted", t.db)).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining('use "form_completed"') });
    await expect(getTriggerType(t.admin, "nope", t.db)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const def = getNodeType("event")!;
    const issues = validateNodeConfig(def, { eventType: "form_submitted" }).issues;
    expect(issues).toEqual([{ field: "eventType", message: expect.stringContaining("form_completed") }]);
    const missing = validateNodeConfig(def, { eventType: "stage_changed", filters: {} }).issues;
    expect(missing).toEqual([{ field: "filters.stage_id", message: expect.stringContaining("is required for stage_changed") }]);
    const unknown = validateNodeConfig(def, { eventType: "deal_created", filters: { stage_id: "x" } }).issues;
    expect(unknown[0]).toMatchObject({ field: "filters.stage_id", message: expect.stringContaining("allowed: pipeline_id") });
    expect(validateNodeConfig(def, { eventType: "", filters: {} }).issues).toEqual([{ field: "eventType", message: "is required" }]);
    expect(validateNodeConfig(def, { eventType: "record_updated", filters: { table_id: "tbl_1" } }).ok).toBe(true);
  });
});
