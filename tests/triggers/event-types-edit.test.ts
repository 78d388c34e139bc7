import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { createCustomEventType } from "@/server/services/event-types/create-custom-event-type";
import { getTriggerType } from "@/server/services/triggers/get-trigger-type";
import type { Actor } from "@/server/services/errors";
import { callers, expectTrpcError } from "../trpc/harness";

/** Editing a custom event type's description and sample payload: eventTypes.update through tRPC. */

let t: TestDb;
let ws: TestWorkspace;
let admin: Actor;
let c: Awaited<ReturnType<typeof callers>>;

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "evtedit");
  admin = { userId: ws.adminId, workspaceId: ws.workspaceId, role: "ADMIN" };
  c = await callers(t.db, ws);
});
afterAll(async () => {
  await t?.cleanup();
});

const fresh = (name: string) => createCustomEventType(admin, { name, description: "Before", samplePayload: { invoice: { id: "inv_1" } } }, t.db);

describe("eventTypes.update", () => {
  it("an admin changes the description and sample payload; list, trigger catalog and audit log follow", async () => {
    const type = await fresh("invoice.sent");
    const updated = await c.admin.eventTypes.update({ id: type.id, description: "  An invoice left the building  ", samplePayload: { invoice: { id: "inv_9", total: 42 }, customer: { email: "ada@example.com" } } });
    expect(updated).toMatchObject({ id: type.id, name: "invoice.sent", description: "An invoice left the building", samplePayload: { invoice: { id: "inv_9", total: 42 } } });

    const listed = (await c.specialist.eventTypes.list()).find((x) => x.id === type.id);
    expect(listed).toMatchObject({ description: "An invoice left the building", samplePayload: { customer: { email: "ada@example.com" } } });
    const catalog = await getTriggerType(admin, "invoice.sent", t.db);
    expect(catalog.sampleTriggerData).toEqual({ invoice: { id: "inv_9", total: 42 }, customer: { email: "ada@example.com" } });
    expect(catalog.availableVariables).toContain("{{trigger.customer.email}}");

    const audit = await t.db.auditLog.findFirstOrThrow({ where: { workspaceId: ws.workspaceId, action: "event_type.updated", targetId: type.id } });
    expect(audit).toMatchObject({ actorId: ws.adminId, actorType: "user", targetType: "event_type" });
    expect(JSON.parse(audit.details!)).toEqual({ name: "invoice.sent", from: "invoice.sent", changed: ["description", "samplePayload"] });

    // only the description: the sample stays
    await c.admin.eventTypes.update({ id: type.id, description: "" });
    expect((await c.admin.eventTypes.list()).find((x) => x.id === type.id)).toMatchObject({ description: "", samplePayload: { invoice: { id: "inv_9", total: 42 } } });
  });

  it("bad input is refused with a message naming the field, and changes nothing", async () => {
    const type = await fresh("invoice.voided");
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ id: type.id, samplePayload: [1, 2] }, /samplePayload: must be a JSON object/],
      [{ id: type.id, samplePayload: "{ not json" }, /samplePayload: must be a JSON object/],
      [{ id: type.id, samplePayload: { blob: "x".repeat(70 * 1024) } }, /samplePayload: at most 64 KB of JSON/],
      [{ id: type.id, description: "d".repeat(501) }, /description: at most 500 characters/],
      [{ id: type.id }, /Nothing to change/],
      [{ description: "no id" }, /id is required/],
    ];
    for (const [input, message] of cases) {
      const err = await expectTrpcError(c.admin.eventTypes.update(input as never), "BAD_REQUEST", JSON.stringify(input).slice(0, 60));
      expect(err.message).toMatch(message);
    }
    expect((await c.admin.eventTypes.list()).find((x) => x.id === type.id)).toMatchObject({ description: "Before", samplePayload: { invoice: { id: "inv_1" } } });
    expect(await t.db.auditLog.count({ where: { action: "event_type.updated", targetId: type.id } })).toBe(0);
  });

  it("is admin-only and workspace-scoped: specialists get FORBIDDEN, another workspace NOT_FOUND, nothing changes", async () => {
    const type = await fresh("invoice.disputed");
    await expectTrpcError(c.specialist.eventTypes.update({ id: type.id, description: "by a specialist" }), "FORBIDDEN", "specialist");
    await expectTrpcError(c.otherAdmin.eventTypes.update({ id: type.id, description: "from another workspace" }), "NOT_FOUND", "other workspace");
    await expectTrpcError(c.admin.eventTypes.update({ id: "does-not-exist", description: "x" }), "NOT_FOUND", "unknown id");
    await expectTrpcError(c.anonymous.eventTypes.update({ id: type.id, description: "anonymous" }), "UNAUTHORIZED", "anonymous");
    expect(await t.db.customEventType.findUniqueOrThrow({ where: { id: type.id } })).toMatchObject({ description: "Before" });
    expect(await t.db.auditLog.count({ where: { action: "event_type.updated", targetId: type.id } })).toBe(0);
  });
});
