import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { PUBLIC_PROCEDURES, SELF_SERVICE_MUTATIONS } from "@/server/trpc/self-service";
import { allProcedures, callers, callPath, dbSnapshot, expectTrpcError } from "./harness";

let t: TestDb;
let ws: TestWorkspace;
let c: Awaited<ReturnType<typeof callers>>;
let automationId: string;

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "access");
  c = await callers(t.db, ws);
  const created = await c.admin.automations.create({ name: "Workspace A automation" });
  automationId = created.id;
  await t.db.automation.update({ where: { id: automationId }, data: { publishedVersion: 1 } });
});
afterAll(async () => {
  await t.cleanup();
});

describe("role access matrix (enumerated from appRouter._def.procedures)", () => {
  it("finds the mutations to check (the enumeration is not silently empty)", () => {
    const mutations = allProcedures().filter((p) => p.type === "mutation").map((p) => p.path);
    expect(mutations).toEqual(
      expect.arrayContaining([
        "automations.create",
        "automations.rename",
        "automations.archive",
        "automations.updateSettings",
        "automations.setStatus",
        "automations.saveDraft",
        "workspace.switch",
      ]),
    );
  });

  it("every non-self-service mutation is FORBIDDEN for a specialist, before input validation, and changes nothing", async () => {
    const mutations = allProcedures().filter((p) => p.type === "mutation" && !SELF_SERVICE_MUTATIONS.includes(p.path));
    expect(mutations.length).toBeGreaterThan(0);
    const before = await dbSnapshot(t.db);
    for (const { path } of mutations) {
      // `{}` is invalid for almost every mutation: FORBIDDEN (not BAD_REQUEST) proves the role check runs first.
      await expectTrpcError(callPath(c.specialist, path, {}), "FORBIDDEN", `${path} with {}`);
      // A plausible input too, in case a procedure validates before checking roles only for some shapes.
      await expectTrpcError(
        callPath(c.specialist, path, { id: automationId, automationId, name: "x", status: "PAUSED" }),
        "FORBIDDEN",
        `${path} with an id`,
      );
    }
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it("self-service mutations are only the documented ones, and workspace.switch writes nothing", async () => {
    const mutationPaths = new Set(allProcedures().filter((p) => p.type === "mutation").map((p) => p.path));
    for (const path of SELF_SERVICE_MUTATIONS) {
      // Paths of routers not written yet are allowed to be missing; present ones must be mutations.
      const proc = allProcedures().find((p) => p.path === path);
      if (proc) expect(mutationPaths.has(path)).toBe(true);
    }
    const before = await dbSnapshot(t.db);
    await expect(c.specialist.workspace.switch({ workspaceId: ws.workspaceId })).resolves.toMatchObject({
      workspaceId: ws.workspaceId,
      role: "SPECIALIST",
    });
    await expectTrpcError(c.specialist.workspace.switch({ workspaceId: ws.otherWorkspaceId }), "NOT_FOUND", "switch");
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it("a specialist can read: automations.list / get and workspace.me", async () => {
    const list = await c.specialist.automations.list();
    expect(list.map((a) => a.id)).toContain(automationId);
    expect((await c.specialist.automations.get({ id: automationId })).draftRevision).toBe(0);
    expect((await c.specialist.workspace.me()).role).toBe("SPECIALIST");
  });

  it("signed out: every procedure answers UNAUTHORIZED", async () => {
    const before = await dbSnapshot(t.db);
    const procedures = allProcedures().filter((p) => !PUBLIC_PROCEDURES.includes(p.path) && p.type !== "subscription");
    expect(procedures.length).toBeGreaterThan(8);
    for (const { path } of procedures) {
      await expectTrpcError(callPath(c.anonymous, path, {}), "UNAUTHORIZED", path);
    }
    expect(await dbSnapshot(t.db)).toEqual(before);
  });
});

describe("workspace isolation", () => {
  it("an admin of workspace B gets NOT_FOUND for workspace A's automation on every automation procedure, and nothing changes", async () => {
    const before = await dbSnapshot(t.db);
    const id = automationId;
    const b = c.otherAdmin;
    await expectTrpcError(b.automations.get({ id }), "NOT_FOUND", "get");
    await expectTrpcError(b.automations.rename({ id, name: "Stolen" }), "NOT_FOUND", "rename");
    await expectTrpcError(b.automations.archive({ id }), "NOT_FOUND", "archive");
    await expectTrpcError(b.automations.updateSettings({ id, priority: 5 }), "NOT_FOUND", "updateSettings");
    await expectTrpcError(b.automations.setStatus({ id, status: "ACTIVE" }), "NOT_FOUND", "setStatus");
    await expectTrpcError(
      b.automations.saveDraft({ id, baseRevision: 0, graph: { nodes: [], edges: [] } }),
      "NOT_FOUND",
      "saveDraft",
    );
    await expectTrpcError(b.failureAlerts.automation({ automationId: id }), "NOT_FOUND", "failureAlerts.automation");
    await expectTrpcError(b.failureAlerts.setAutomation({ automationId: id, settings: { enabled: false } }), "NOT_FOUND", "failureAlerts.setAutomation");
    expect((await b.automations.list({ status: ["DRAFT", "ACTIVE", "PAUSED", "ARCHIVED"] })).map((a) => a.id)).not.toContain(id);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });
});
