import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { AppError } from "@/server/services/errors";
import { callers, expectTrpcError } from "./harness";

let t: TestDb;
let ws: TestWorkspace;
let c: Awaited<ReturnType<typeof callers>>;

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "router");
  c = await callers(t.db, ws);
});
afterAll(async () => {
  await t.cleanup();
});

describe("automations router (admin)", () => {
  it("create → list → get → saveDraft → conflict → updateSettings → setStatus → archive", async () => {
    const created = await c.admin.automations.create({ name: "Router flow", description: "d" });
    expect((await c.admin.automations.list()).map((a) => a.name)).toContain("Router flow");
    const got = await c.admin.automations.get({ id: created.id });
    const graph = { nodes: [...got.draftGraph.nodes, { id: "wait", type: "delay", name: "Wait", config: {}, position: { x: 0, y: 120 } }], edges: [] };
    const saved = await c.admin.automations.saveDraft({ id: created.id, graph, baseRevision: got.draftRevision });
    expect(saved.draftRevision).toBe(1);

    const conflict = await expectTrpcError(
      c.admin.automations.saveDraft({ id: created.id, graph, baseRevision: 0 }),
      "CONFLICT",
      "stale save",
    );
    expect(conflict.cause).toBeInstanceOf(AppError);
    expect((conflict.cause as AppError).details).toMatchObject({ currentRevision: 1, updatedBy: { id: ws.adminId } });

    const settings = await c.admin.automations.updateSettings({ id: created.id, priority: -100 });
    expect(settings.priority).toBe(-100);
    const unprocessable = await expectTrpcError(
      c.admin.automations.setStatus({ id: created.id, status: "ACTIVE" }),
      "UNPROCESSABLE_CONTENT",
      "activate unpublished",
    );
    expect(unprocessable.message).toContain("publish the draft first");
    expect((await c.admin.automations.rename({ id: created.id, name: "Renamed" })).name).toBe("Renamed");
    expect((await c.admin.automations.archive({ id: created.id })).status).toBe("ARCHIVED");
    await expectTrpcError(c.admin.automations.archive({ id: created.id }), "CONFLICT", "archive twice");
  });

  it("rejects invalid input with BAD_REQUEST naming the field", async () => {
    const error = await expectTrpcError(c.admin.automations.create({ name: "" }), "BAD_REQUEST", "empty name");
    expect(error.message).toContain("name is required (1–120 characters)");
  });
});

describe("workspace router", () => {
  it("me: user, current workspace, role and memberships (default first)", async () => {
    const me = await c.specialist.workspace.me();
    expect(me.user).toMatchObject({ id: ws.specialistId, email: ws.specialistEmail });
    expect(me.workspace).toMatchObject({ id: ws.workspaceId, slug: ws.workspaceSlug });
    expect(me.role).toBe("SPECIALIST");
    expect(me.memberships).toEqual([
      { workspaceId: ws.workspaceId, name: expect.any(String), slug: ws.workspaceSlug, role: "SPECIALIST", joinedAt: expect.any(Date) },
    ]);
  });

  it("switch: validates membership (NOT_FOUND otherwise)", async () => {
    await t.db.membership.create({ data: { userId: ws.adminId, workspaceId: ws.otherWorkspaceId, role: "SPECIALIST" } });
    await expect(c.admin.workspace.switch({ workspaceId: ws.otherWorkspaceId })).resolves.toMatchObject({
      workspaceId: ws.otherWorkspaceId,
      slug: ws.otherWorkspaceSlug,
      role: "SPECIALIST",
    });
    await expectTrpcError(c.specialist.workspace.switch({ workspaceId: ws.otherWorkspaceId }), "NOT_FOUND", "not a member");
    await expectTrpcError(c.specialist.workspace.switch({ workspaceId: "" }), "BAD_REQUEST", "empty id");
  });
});
