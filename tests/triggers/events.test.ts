import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitEvent } from "@/server/services/events/emit-event";
import { listEvents } from "@/server/services/events/list-events";
import { getEvent } from "@/server/services/events/get-event";
import { setAutomationStatus } from "@/server/services/automations/set-automation-status";
import { archiveAutomation } from "@/server/services/automations/archive-automation";
import { createRun } from "@/server/services/runs/create-run";
import type { Actor } from "@/server/services/errors";
import { engineEnv, setupEngineTest, waitForStatus, type EngineTest } from "../engine/helpers";
import { callers, expectTrpcError } from "../trpc/harness";
import { eventAutomation } from "./event-helpers";

engineEnv();

let t: EngineTest;
let admin: Actor;
let otherAdmin: Actor;

beforeAll(async () => {
  t = await setupEngineTest();
  admin = t.admin;
  otherAdmin = { userId: t.ws.otherAdminId, workspaceId: t.ws.otherWorkspaceId, role: "ADMIN" };
});
afterAll(async () => {
  await t?.cleanup();
});

const runsOf = (eventId: string) => t.db.run.findMany({ where: { sourceId: eventId }, orderBy: { createdAt: "asc" } });

describe("events.emit fan-out", () => {
  it("starts one run per matching active automation, filters on top-level data fields, high priority first", async () => {
    const low = await eventAutomation(t.db, admin.workspaceId, "won low", "stage_changed", { stage_id: "st_won" }, { priority: 1 });
    const high = await eventAutomation(t.db, admin.workspaceId, "won high", "stage_changed", { stage_id: "st_won" }, { priority: 50 });
    const mid = await eventAutomation(t.db, admin.workspaceId, "won mid", "stage_changed", { stage_id: "st_won", pipeline_id: "" }, { priority: 10 });
    const lost = await eventAutomation(t.db, admin.workspaceId, "lost", "stage_changed", { stage_id: "st_lost" }, { priority: 99 });
    await eventAutomation(t.db, admin.workspaceId, "other type", "deal_updated", {}, { priority: 99 });
    await eventAutomation(t.db, otherAdmin.workspaceId, "other workspace", "stage_changed", { stage_id: "st_won" });

    const data = { stage_id: "st_won", previous_stage_id: "st_open", marker: "m1", deal: { id: "dl_1", stage_id: "st_lost" } };
    const { event, created } = await emitEvent(admin, { event_type: "stage_changed", data }, t.db);
    expect(created).toBe(true);
    expect(event.type).toBe("stage_changed");
    expect(event.runCount).toBe(3);
    expect(event.runs.map((r) => r.automationId)).toEqual([high, mid, low]);
    expect(event.runs.map((r) => r.automationId)).not.toContain(lost);

    const rows = await runsOf(event.id);
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r.triggerType).toBe("event");
      expect(r.idempotencyKey).toBe(`event:${event.id}:${r.automationId}`);
      expect(JSON.parse(r.triggerData)).toEqual(data);
      expect(r.versionNumber).toBe(1);
    }
    expect(Object.fromEntries(rows.map((r) => [r.automationId, r.priority]))).toEqual({ [high]: 50, [mid]: 10, [low]: 1 });
    // the runs really execute: the trigger step outputs the event data
    for (const r of rows) {
      const done = await waitForStatus(t.db, r.id, ["COMPLETED"]);
      expect(JSON.parse(done.state).vars.seen).toBe("m1");
    }
    // each run has its "created" history entry
    expect(await t.db.runEvent.count({ where: { runId: { in: rows.map((r) => r.id) }, fromStatus: null, toStatus: "QUEUED" } })).toBe(3);
  });

  it("compares filters as text (42 = \"42\"), needs the field at the top level, and ignores nested values", async () => {
    const a = await eventAutomation(t.db, admin.workspaceId, "table 42", "record_updated", { table_id: "42" });
    const first = await emitEvent(admin, { event_type: "record_updated", data: { table_id: 42, marker: "n" } }, t.db);
    expect(first.event.runs.map((r) => r.automationId)).toEqual([a]);
    const nested = await emitEvent(admin, { event_type: "record_updated", data: { row: { table_id: "42" } } }, t.db);
    expect(nested.event.runCount).toBe(0);
    const other = await emitEvent(admin, { event_type: "record_updated", data: { table_id: "43" } }, t.db);
    expect(other.event.runCount).toBe(0);
    expect(await runsOf(nested.event.id)).toHaveLength(0);
  });

  it("never starts paused, draft-only or archived automations; test runs from the editor still work", async () => {
    const paused = await eventAutomation(t.db, admin.workspaceId, "paused", "booking_created");
    await setAutomationStatus(admin, { id: paused, status: "PAUSED" }, t.db);
    const draft = await eventAutomation(t.db, admin.workspaceId, "draft only", "booking_created", {}, { publish: false, status: "DRAFT" });
    const archived = await eventAutomation(t.db, admin.workspaceId, "archived", "booking_created");
    await archiveAutomation(admin, { id: archived }, t.db);
    const live = await eventAutomation(t.db, admin.workspaceId, "live", "booking_created");

    const { event } = await emitEvent(admin, { event_type: "booking_created", data: { marker: "b" } }, t.db);
    expect(event.runs.map((r) => r.automationId)).toEqual([live]);
    expect(await t.db.run.count({ where: { automationId: { in: [paused, draft, archived] } } })).toBe(0);

    const test = await createRun({ workspaceId: admin.workspaceId, automationId: paused, triggerType: "manual", test: true, triggerData: { marker: "t" } }, t.db);
    expect((await waitForStatus(t.db, test.runId, ["COMPLETED"])).isTest).toBe(true);

    // resuming makes it listen again
    await setAutomationStatus(admin, { id: paused, status: "ACTIVE" }, t.db);
    const again = await emitEvent(admin, { event_type: "booking_created", data: {} }, t.db);
    expect(again.event.runs.map((r) => r.automationId).sort()).toEqual([live, paused].sort());
  });
});

describe("one transaction", () => {
  it("when one run cannot be created, neither the event nor any of its runs is stored", async () => {
    const first = await eventAutomation(t.db, admin.workspaceId, "fine", "appointment.first_booked", {}, { priority: 9 });
    const broken = await eventAutomation(t.db, admin.workspaceId, "broken", "appointment.first_booked", {}, { priority: 1 });
    await t.db.automationVersion.deleteMany({ where: { automationId: broken } });
    const events = await t.db.event.count();
    await expect(emitEvent(admin, { event_type: "appointment.first_booked", data: {} }, t.db)).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    expect(await t.db.event.count()).toBe(events);
    expect(await t.db.run.count({ where: { automationId: first } })).toBe(0);
  });
});

describe("idempotent emit", () => {
  it("the same idempotency key returns the stored event and starts no new runs", async () => {
    await eventAutomation(t.db, admin.workspaceId, "sms", "sms_received");
    const a = await emitEvent(admin, { event_type: "sms_received", data: { body: "hi" }, idempotency_key: "sms-1" }, t.db);
    const b = await emitEvent(admin, { event_type: "sms_received", data: { body: "different" }, idempotency_key: "sms-1" }, t.db);
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.event.id).toBe(a.event.id);
    expect(b.event.data).toEqual({ body: "hi" });
    expect(b.event.runs.map((r) => r.runId)).toEqual(a.event.runs.map((r) => r.runId));
    expect(await t.db.event.count({ where: { idempotencyKey: "sms-1" } })).toBe(1);
    expect(await runsOf(a.event.id)).toHaveLength(1);
    // keys are per workspace
    const other = await emitEvent(otherAdmin, { event_type: "sms_received", data: {}, idempotency_key: "sms-1" }, t.db);
    expect(other.created).toBe(true);
  });

  it("concurrent emits with one key store one event and one set of runs", async () => {
    await eventAutomation(t.db, admin.workspaceId, "email 1", "email_received");
    await eventAutomation(t.db, admin.workspaceId, "email 2", "email_received");
    const results = await Promise.all(
      Array.from({ length: 8 }, () => emitEvent(admin, { event_type: "email_received", data: { subject: "x" }, idempotency_key: "mail-42" }, t.db)),
    );
    const ids = new Set(results.map((r) => r.event.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const [eventId] = [...ids];
    expect(await t.db.event.count({ where: { idempotencyKey: "mail-42" } })).toBe(1);
    expect(await runsOf(eventId)).toHaveLength(2);
  });
});

describe("rejections", () => {
  it("form_submitted is rejected with a pointer to form_completed and stores nothing", async () => {
    const before = await t.db.event.count();
    await expect(emitEvent(admin, { event_type: "form_submitted", data: {} }, t.db)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("form_completed"),
    });
    expect(await t.db.event.count()).toBe(before);
  });

  it("unknown types, non-object data and oversize data are specific 400s", async () => {
    await expect(emitEvent(admin, { event_type: "no_such_event", data: {} }, t.db)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining('unknown event type "no_such_event"'),
    });
    await expect(emitEvent(admin, { event_type: "deal_created", data: [1, 2] as never }, t.db)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("data: must be a JSON object"),
    });
    await expect(emitEvent(admin, { event_type: "deal_created", data: { big: "x".repeat(1024 * 1024) } }, t.db)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("at most 1 MB"),
    });
  });

  it("specialists cannot emit (FORBIDDEN) but can list; nothing is stored", async () => {
    const c = await callers(t.db, t.ws);
    const before = await t.db.event.count();
    await expectTrpcError(c.specialist.events.emit({ event_type: "deal_created", data: {} }), "FORBIDDEN", "emit");
    expect(await t.db.event.count()).toBe(before);
    const page = await c.specialist.events.list({});
    expect(page.items.length).toBeGreaterThan(0);
  });
});

describe("events list and detail", () => {
  it("pages newest first, filters by type, lists the runs each event started and hides other workspaces", async () => {
    const a = await eventAutomation(t.db, admin.workspaceId, "list me", "row_added");
    const emitted: string[] = [];
    for (let i = 0; i < 5; i++) emitted.push((await emitEvent(admin, { event_type: "row_added", data: { i } }, t.db)).event.id);
    const p1 = await listEvents(admin, { type: "row_added", limit: 2 }, t.db);
    expect(p1.items.map((e) => e.id)).toEqual([emitted[4], emitted[3]]);
    expect(p1.items[0].runs.map((r) => r.automationId)).toEqual([a]);
    const p2 = await listEvents(admin, { type: "row_added", limit: 2, cursor: p1.nextCursor! }, t.db);
    const p3 = await listEvents(admin, { type: "row_added", limit: 2, cursor: p2.nextCursor! }, t.db);
    expect([...p2.items, ...p3.items].map((e) => e.id)).toEqual([emitted[2], emitted[1], emitted[0]]);
    expect(p3.nextCursor).toBeNull();

    const detail = await getEvent(admin, { id: emitted[0] }, t.db);
    expect(detail.data).toEqual({ i: 0 });
    expect(detail.runs).toHaveLength(1);
    await expect(getEvent(otherAdmin, { id: emitted[0] }, t.db)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await listEvents(otherAdmin, { type: "row_added" }, t.db)).items).toHaveLength(0);
    await expect(listEvents(admin, { cursor: "garbage" }, t.db)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
