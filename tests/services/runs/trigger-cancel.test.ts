import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { publishVersion } from "@/server/services/versions/publish-version";
import { actors, callerFor, newAutomation, rejection } from "./helpers";

/** runs.trigger / runs.cancel through tRPC with the engine's real createRun/cancelRun (no executor: runs stay QUEUED). */
let t: TestDb;
let ws: TestWorkspace;
let a: ReturnType<typeof actors>;

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "runs-trigger");
  a = actors(ws);
});

afterAll(async () => {
  await t?.cleanup();
});

describe("runs.trigger", () => {
  it("queues a test run of the draft with test data and answers with the run id", async () => {
    const id = await newAutomation(t.db, a.admin, "Draft only");
    const admin = callerFor(t.db, a.admin);
    const res = await admin.runs.trigger({ automationId: id, test: true, testData: { order: { id: "o-9", total: 12 } } });
    expect(res).toMatchObject({ status: "QUEUED", isTest: true, versionNumber: null, created: true });
    const run = await admin.runs.get({ runId: res.runId });
    expect(run).toMatchObject({ status: "QUEUED", isTest: true, triggerType: "manual", triggerData: { order: { id: "o-9", total: 12 } } });
    expect(run.graph?.nodes.map((n) => n.type)).toEqual(["manual"]);
  });

  it("runs the published version, and the run keeps its version after republishing", async () => {
    const id = await newAutomation(t.db, a.admin, "Published");
    const admin = callerFor(t.db, a.admin);
    const unpublished = await rejection(admin.runs.trigger({ automationId: id }));
    expect(unpublished.code).toBe("UNPROCESSABLE_CONTENT");
    expect(unpublished.message).toMatch(/Publish the automation/);

    await publishVersion(a.admin, { automationId: id, note: "v1" }, t.db);
    const first = await admin.runs.trigger({ automationId: id });
    expect(first).toMatchObject({ versionNumber: 1, isTest: false });
    await publishVersion(a.admin, { automationId: id, note: "v2" }, t.db);
    const second = await admin.runs.trigger({ automationId: id });
    expect(second.versionNumber).toBe(2);
    expect((await admin.runs.get({ runId: first.runId })).versionNumber).toBe(1);

    const again = await admin.runs.trigger({ automationId: id, idempotencyKey: "click-1" });
    const repeat = await admin.runs.trigger({ automationId: id, idempotencyKey: "click-1" });
    expect(repeat).toMatchObject({ runId: again.runId, created: false });
  });

  it("is for admins of the automation's workspace only, with clear input errors", async () => {
    const id = await newAutomation(t.db, a.admin, "Guarded");
    expect((await rejection(callerFor(t.db, a.specialist).runs.trigger({ automationId: id, test: true }))).code).toBe("FORBIDDEN");
    expect((await rejection(callerFor(t.db, a.other).runs.trigger({ automationId: id, test: true }))).code).toBe("NOT_FOUND");
    const bad = await rejection(callerFor(t.db, a.admin).runs.trigger({ automationId: id, test: true, testData: [1, 2] as unknown as Record<string, unknown> }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toMatch(/testData: must be a JSON object/);
    expect(await t.db.run.count({ where: { automationId: id } })).toBe(0);
  });
});

describe("runs.cancel", () => {
  it("cancels a queued run once; finished runs, other workspaces and specialists are refused", async () => {
    const id = await newAutomation(t.db, a.admin, "Cancel me");
    const admin = callerFor(t.db, a.admin);
    const { runId } = await admin.runs.trigger({ automationId: id, test: true });

    expect((await rejection(callerFor(t.db, a.specialist).runs.cancel({ runId }))).code).toBe("FORBIDDEN");
    expect((await rejection(callerFor(t.db, a.other).runs.cancel({ runId }))).code).toBe("NOT_FOUND");
    expect((await admin.runs.get({ runId })).status).toBe("QUEUED");

    expect(await admin.runs.cancel({ runId })).toMatchObject({ runId, status: "CANCELLED" });
    const run = await admin.runs.get({ runId });
    expect(run.status).toBe("CANCELLED");
    const twice = await rejection(admin.runs.cancel({ runId }));
    expect(twice.code).toBe("CONFLICT");
    expect(twice.message).toMatch(/already CANCELLED/);
  });
});
