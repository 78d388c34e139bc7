import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAutomation } from "@/server/services/automations/create-automation";
import { getAutomation } from "@/server/services/automations/get-automation";
import { listAutomations } from "@/server/services/automations/list-automations";
import { archiveAutomation } from "@/server/services/automations/archive-automation";
import { saveDraft } from "@/server/services/automations/save-draft";
import { auditRows, expectAppError, setup, type Fixture } from "./fixture";

let f: Fixture;
beforeAll(async () => {
  f = await setup();
});
afterAll(async () => {
  await f.t.cleanup();
});

describe("createAutomation", () => {
  it("creates a DRAFT with one manual trigger node and writes an audit row", async () => {
    const created = await createAutomation(f.admin, { name: "  Welcome email  ", description: "Sends a welcome" }, f.t.db);
    expect(created.name).toBe("Welcome email");
    expect(created.description).toBe("Sends a welcome");
    expect(created.status).toBe("DRAFT");
    expect(created.draftRevision).toBe(0);
    expect(created.triggerType).toBe("manual");
    expect(created.stepCount).toBe(0);
    expect(created.publishedVersion).toBeNull();
    expect(created.conditions).toEqual([]);
    expect(created.updatedBy).toEqual({ id: f.ws.adminId, name: expect.any(String) });
    expect(created.draftGraph).toEqual({
      nodes: [
        { id: "trigger", type: "manual", name: "Manual trigger", config: { sampleData: {} }, position: { x: 0, y: 0 } },
      ],
      edges: [],
    });
    const row = await f.t.db.automation.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.workspaceId).toBe(f.ws.workspaceId);
    expect(row.createdById).toBe(f.ws.adminId);
    const audit = await auditRows(f, created.id);
    expect(audit.map((a) => a.action)).toEqual(["automation.created"]);
    expect(audit[0].actorId).toBe(f.ws.adminId);
    expect(JSON.parse(audit[0].details ?? "{}")).toEqual({ name: "Welcome email" });
  });

  it("rejects a missing, blank or too long name with a field message and writes nothing", async () => {
    const before = await f.t.db.automation.count();
    const auditBefore = await f.t.db.auditLog.count();
    const missing = await expectAppError(createAutomation(f.admin, {} as never, f.t.db), "BAD_REQUEST");
    expect(missing.details?.issues).toEqual([{ field: "name", message: "name is required (1–120 characters)" }]);
    const blank = await expectAppError(createAutomation(f.admin, { name: "   " }, f.t.db), "BAD_REQUEST");
    expect(blank.message).toContain("name: name is required (1–120 characters)");
    const long = await expectAppError(createAutomation(f.admin, { name: "x".repeat(121) }, f.t.db), "BAD_REQUEST");
    expect(long.details?.issues).toEqual([{ field: "name", message: "name: at most 120 characters" }]);
    const okAt120 = await createAutomation(f.admin, { name: "y".repeat(120) }, f.t.db);
    expect(okAt120.name).toHaveLength(120);
    expect(await f.t.db.automation.count()).toBe(before + 1);
    expect(await f.t.db.auditLog.count()).toBe(auditBefore + 1);
  });

  it("refuses a specialist (defense in depth below the tRPC role check)", async () => {
    await expectAppError(createAutomation(f.specialist, { name: "Nope" }, f.t.db), "FORBIDDEN");
  });
});

describe("getAutomation", () => {
  it("returns the parsed draft graph, revision and conditions", async () => {
    const created = await createAutomation(f.admin, { name: "Get me" }, f.t.db);
    const got = await getAutomation(f.specialist, { id: created.id }, f.t.db);
    expect(got.id).toBe(created.id);
    expect(got.draftRevision).toBe(0);
    expect(got.draftGraph.nodes[0].type).toBe("manual");
    expect(got.conditions).toEqual([]);
    expect(got.publishedVersion).toBeNull();
  });

  it("answers NOT_FOUND for an unknown id and for another workspace's id", async () => {
    await expectAppError(getAutomation(f.admin, { id: "does-not-exist" }, f.t.db), "NOT_FOUND");
    const mine = await createAutomation(f.admin, { name: "Private" }, f.t.db);
    const error = await expectAppError(getAutomation(f.otherAdmin, { id: mine.id }, f.t.db), "NOT_FOUND");
    expect(error.message).toBe("Automation not found");
  });
});

describe("listAutomations", () => {
  let g: Fixture;
  beforeAll(async () => {
    g = await setup();
    const a = await createAutomation(g.admin, { name: "Order Sync" }, g.t.db);
    await createAutomation(g.admin, { name: "Lead scoring" }, g.t.db);
    const c = await createAutomation(g.admin, { name: "Old order cleanup" }, g.t.db);
    await archiveAutomation(g.admin, { id: c.id }, g.t.db);
    await saveDraft(
      g.admin,
      {
        id: a.id,
        baseRevision: 0,
        graph: {
          nodes: [
            // A draft without a trigger yet (allowed in drafts): trigger type "none".
            { id: "http", type: "http_request", name: "Push order", config: {}, position: { x: 0, y: 100 } },
            { id: "mail", type: "send_email", name: "Notify", config: {}, position: { x: 0, y: 200 } },
          ],
          edges: [{ id: "e2", source: "http", sourceHandle: "next", target: "mail" }],
        },
      },
      g.t.db,
    );
    await createAutomation(g.otherAdmin, { name: "Order elsewhere" }, g.t.db);
  });
  afterAll(async () => {
    await g.t.cleanup();
  });

  it("lists the workspace's automations without archived ones, newest first, with list fields", async () => {
    const list = await listAutomations(g.specialist, {}, g.t.db);
    expect(list.map((a) => a.name)).toEqual(["Order Sync", "Lead scoring"]);
    const sync = list[0];
    expect(sync).toMatchObject({
      status: "DRAFT",
      priority: 0,
      triggerType: "none",
      stepCount: 2,
      publishedVersion: null,
      description: "",
      updatedBy: { id: g.ws.adminId, name: expect.any(String) },
    });
    expect(sync.updatedAt).toBeInstanceOf(Date);
    expect(Object.keys(sync)).not.toContain("draftGraph");
  });

  it("includes archived ones only when asked by status", async () => {
    const archived = await listAutomations(g.admin, { status: "ARCHIVED" }, g.t.db);
    expect(archived.map((a) => a.name)).toEqual(["Old order cleanup"]);
    expect(archived[0].archivedAt).toBeInstanceOf(Date);
    const both = await listAutomations(g.admin, { status: ["DRAFT", "ARCHIVED"] }, g.t.db);
    expect(both).toHaveLength(3);
  });

  it("searches names case-insensitively and filters by trigger type", async () => {
    expect((await listAutomations(g.admin, { search: "ORDER" }, g.t.db)).map((a) => a.name)).toEqual(["Order Sync"]);
    expect(
      (await listAutomations(g.admin, { search: "order", status: ["DRAFT", "ARCHIVED"] }, g.t.db)).map((a) => a.name),
    ).toEqual(["Order Sync", "Old order cleanup"]);
    expect((await listAutomations(g.admin, { triggerType: "manual" }, g.t.db)).map((a) => a.name)).toEqual(["Lead scoring"]);
    expect((await listAutomations(g.admin, { triggerType: "none" }, g.t.db)).map((a) => a.name)).toEqual(["Order Sync"]);
    expect(await listAutomations(g.admin, { triggerType: "webhook" }, g.t.db)).toEqual([]);
  });

  it("rejects an unknown status with the allowed values", async () => {
    const error = await expectAppError(listAutomations(g.admin, { status: "DELETED" as never }, g.t.db), "BAD_REQUEST");
    expect(error.message).toContain("status must be one of: DRAFT, ACTIVE, PAUSED, ARCHIVED");
  });
});
