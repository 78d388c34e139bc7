import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import type { Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import type { Graph } from "@/lib/graph/schema";
import { createCallerFactory, router } from "@/server/trpc/init";
import { versionsRouter } from "@/server/trpc/routers/versions";
import { publishVersion } from "@/server/services/versions/publish-version";
import { listVersions } from "@/server/services/versions/list-versions";
import { getVersion } from "@/server/services/versions/get-version";
import { restoreVersion } from "@/server/services/versions/restore-version";
import { getRun } from "@/server/services/runs/get-run";
import { actors, insertRun, newAutomation, rejection, sessionOf } from "../runs/helpers";

let t: TestDb;
let ws: TestWorkspace;
let a: ReturnType<typeof actors>;

const createCaller = createCallerFactory(router({ versions: versionsRouter }));
const callerFor = (db: Db, actor: Actor) => createCaller({ db, session: sessionOf(actor) });

const triggerOnly = (name: string): Graph => ({
  nodes: [{ id: "trigger", type: "manual", name, config: { sampleData: {} }, position: { x: 0, y: 0 } }],
  edges: [],
});

async function setDraft(automationId: string, graph: unknown, conditions: unknown = []) {
  await t.db.automation.update({
    where: { id: automationId },
    data: { draftGraph: JSON.stringify(graph), conditions: JSON.stringify(conditions), draftRevision: { increment: 1 } },
  });
}

const auditActions = async (automationId: string) =>
  (await t.db.auditLog.findMany({ where: { targetId: automationId }, orderBy: { createdAt: "asc" } })).map((r) => r.action);

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "versions");
  a = actors(ws);
});

afterAll(async () => {
  await t?.cleanup();
});

describe("publishVersion", () => {
  it("rejects an invalid draft with every problem listed and writes nothing", async () => {
    const id = await newAutomation(t.db, a.admin, "Broken");
    // no trigger node, an edge to a missing node, and a condition with an unknown operator
    await setDraft(
      id,
      { nodes: [], edges: [{ id: "e1", source: "nowhere", sourceHandle: "next", target: "missing" }] },
      [{ field: "order.total", operator: "bigger_than", value: 3 }],
    );
    const err = await rejection(publishVersion(a.admin, { automationId: id, note: "first" }, t.db));
    expect(err.code).toBe("UNPROCESSABLE");
    const problems = err.details?.problems as Array<{ message: string; field?: string }>;
    expect(Array.isArray(problems)).toBe(true);
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(err.message).toBe(`Fix ${problems.length} problems before publishing`);
    expect(problems.some((p) => p.field?.startsWith("conditions.0"))).toBe(true);
    expect(problems.every((p) => typeof p.message === "string" && p.message.length > 0)).toBe(true);

    expect(await t.db.automationVersion.count({ where: { automationId: id } })).toBe(0);
    expect((await t.db.automation.findUniqueOrThrow({ where: { id } })).publishedVersion).toBeNull();
    expect(await auditActions(id)).not.toContain("automation.version.published");
  });

  it("snapshots the draft as versions 1, 2, … and records who published", async () => {
    const id = await newAutomation(t.db, a.admin, "Welcome flow");
    const v1 = await publishVersion(a.admin, { automationId: id, note: "  first release " }, t.db);
    expect(v1.number).toBe(1);
    await setDraft(id, triggerOnly("Renamed trigger"), [{ field: "contact.tags", operator: "contains", value: "VIP" }]);
    const v2 = await publishVersion(a.admin, { automationId: id, note: "VIP only" }, t.db);
    expect(v2.number).toBe(2);

    const automation = await t.db.automation.findUniqueOrThrow({ where: { id } });
    expect(automation.publishedVersion).toBe(2);
    expect(await auditActions(id)).toEqual(["automation.created", "automation.version.published", "automation.version.published"]);

    const list = await listVersions(a.specialist, { automationId: id }, t.db);
    expect(list.publishedVersion).toBe(2);
    expect(list.items.map((v) => [v.number, v.note, v.isPublished])).toEqual([
      [2, "VIP only", true],
      [1, "first release", false],
    ]);
    const admin = await t.db.user.findUniqueOrThrow({ where: { id: ws.adminId } });
    expect(list.items[0].publishedBy).toEqual({ id: ws.adminId, name: admin.name });
    expect(list.items[0]).not.toHaveProperty("graph");

    const got = await getVersion(a.specialist, { automationId: id, number: 2 }, t.db);
    expect(got.graph?.nodes[0].name).toBe("Renamed trigger");
    expect(got.conditions).toEqual([{ field: "contact.tags", operator: "contains", value: "VIP" }]);
    const first = await getVersion(a.admin, { automationId: id, number: 1 }, t.db);
    expect(first.graph?.nodes[0].name).toBe("Manual trigger");
    expect(first.isPublished).toBe(false);
    expect((await rejection(getVersion(a.admin, { automationId: id, number: 9 }, t.db))).message).toBe(
      "Version 9 of this automation not found",
    );
  });

  it("never hands out the same number to concurrent publishes", async () => {
    const id = await newAutomation(t.db, a.admin, "Race");
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => publishVersion(a.admin, { automationId: id, note: `p${i}` }, t.db)),
    );
    expect(results.map((r) => r.number).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await t.db.automation.findUniqueOrThrow({ where: { id } })).publishedVersion).toBe(6);
  });

  it("refuses to publish a draft that changed since the user loaded it", async () => {
    const id = await newAutomation(t.db, a.admin, "Stale");
    await setDraft(id, triggerOnly("Changed"));
    const err = await rejection(publishVersion(a.admin, { automationId: id, draftRevision: 0 }, t.db));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toMatch(/revision 0, now 1/);
    expect((await publishVersion(a.admin, { automationId: id, draftRevision: 1 }, t.db)).number).toBe(1);
  });
});

describe("restoreVersion", () => {
  it("copies a version's graph and conditions into the draft and bumps the revision", async () => {
    const id = await newAutomation(t.db, a.admin, "Restore me");
    await setDraft(id, triggerOnly("Version one"), [{ field: "a", operator: "exists" }]);
    await publishVersion(a.admin, { automationId: id }, t.db);
    await setDraft(id, triggerOnly("Work in progress"), []);
    const before = await t.db.automation.findUniqueOrThrow({ where: { id } });

    const res = await restoreVersion(a.admin, { automationId: id, number: 1, draftRevision: before.draftRevision }, t.db);
    expect(res).toEqual({ automationId: id, restoredFrom: 1, draftRevision: before.draftRevision + 1 });
    const after = await t.db.automation.findUniqueOrThrow({ where: { id } });
    expect(JSON.parse(after.draftGraph).nodes[0].name).toBe("Version one");
    expect(JSON.parse(after.conditions)).toEqual([{ field: "a", operator: "exists" }]);
    expect(after.draftRevision).toBe(before.draftRevision + 1);
    expect(after.publishedVersion).toBe(1);
    expect(after.triggerType).toBe("manual");
    expect(await auditActions(id)).toContain("automation.version.restored");

    const stale = await rejection(restoreVersion(a.admin, { automationId: id, number: 1, draftRevision: before.draftRevision }, t.db));
    expect(stale.code).toBe("CONFLICT");
    const missing = await rejection(restoreVersion(a.admin, { automationId: id, number: 7 }, t.db));
    expect(missing.code).toBe("NOT_FOUND");
  });
});

describe("runs and versions", () => {
  it("a run created for a version keeps pointing at it after republishing", async () => {
    const id = await newAutomation(t.db, a.admin, "Pinned");
    await setDraft(id, triggerOnly("V1 trigger"));
    const v1 = await publishVersion(a.admin, { automationId: id }, t.db);
    const runId = await insertRun(t.db, { automationId: id, workspaceId: ws.workspaceId, versionId: v1.versionId, versionNumber: 1, status: "QUEUED" });
    await setDraft(id, triggerOnly("V2 trigger"));
    await publishVersion(a.admin, { automationId: id }, t.db);
    await restoreVersion(a.admin, { automationId: id, number: 1 }, t.db);

    const run = await getRun(a.admin, runId, t.db);
    expect(run.versionNumber).toBe(1);
    expect(run.versionId).toBe(v1.versionId);
    expect(run.graph?.nodes[0].name).toBe("V1 trigger");
  });
});

describe("access", () => {
  it("answers NOT_FOUND to another workspace for every versions procedure", async () => {
    const id = await newAutomation(t.db, a.admin, "Private");
    await publishVersion(a.admin, { automationId: id }, t.db);
    const other = callerFor(t.db, a.other);
    const calls: Array<() => Promise<unknown>> = [
      () => other.versions.list({ automationId: id }),
      () => other.versions.get({ automationId: id, number: 1 }),
      () => other.versions.publish({ automationId: id }),
      () => other.versions.restore({ automationId: id, number: 1 }),
      () => listVersions(a.other, { automationId: id }, t.db),
      () => publishVersion(a.other, { automationId: id }, t.db),
    ];
    for (const call of calls) {
      const err = await rejection(call());
      expect(err.code).toBe("NOT_FOUND");
      expect(err.message).not.toContain("Private");
    }
    expect(await t.db.automationVersion.count({ where: { automationId: id } })).toBe(1);
  });

  it("lets specialists read versions but not publish or restore", async () => {
    const id = await newAutomation(t.db, a.admin, "Read only");
    await publishVersion(a.admin, { automationId: id }, t.db);
    const spec = callerFor(t.db, a.specialist);
    expect((await spec.versions.list({ automationId: id })).items).toHaveLength(1);
    expect((await spec.versions.get({ automationId: id, number: 1 })).number).toBe(1);
    expect((await rejection(spec.versions.publish({ automationId: id }))).code).toBe("FORBIDDEN");
    expect((await rejection(spec.versions.restore({ automationId: id, number: 1 }))).code).toBe("FORBIDDEN");
    expect(await t.db.automationVersion.count({ where: { automationId: id } })).toBe(1);
  });

  it("publishes through tRPC and reports problems as UNPROCESSABLE with details", async () => {
    const id = await newAutomation(t.db, a.admin, "Via tRPC");
    const admin = callerFor(t.db, a.admin);
    expect((await admin.versions.publish({ automationId: id, note: "ok" })).number).toBe(1);
    await setDraft(id, { nodes: [], edges: [] });
    const err = await rejection(admin.versions.publish({ automationId: id }));
    expect(err.code).toBe("UNPROCESSABLE_CONTENT");
    expect(err.message).toMatch(/^Fix \d+ problems? before publishing$/);
    const bad = await rejection(admin.versions.get({ automationId: id, number: 0 }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toMatch(/number: versions start at 1/);
  });
});
