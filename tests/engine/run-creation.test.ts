import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun } from "@/server/services/runs/create-run";
import { AppError } from "@/server/services/errors";
import { testRegistry } from "./fixture-nodes";
import { chain, createAutomation, engineEnv, node, setupEngineTest, setVars, stepsOf, trigger, waitForStatus, type EngineTest } from "./helpers";

engineEnv();

const codeOf = (e: unknown) => (e instanceof AppError ? e.code : String(e));

describe("run creation", () => {
  let t: EngineTest;
  beforeAll(async () => {
    t = await setupEngineTest({ registry: testRegistry });
  });
  afterAll(async () => t.cleanup());

  it("is idempotent per workspace: the same key returns the same run, concurrently too", async () => {
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("a", { x: "1" })]));
    const input = { workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", idempotencyKey: "order-42" };
    const results = await Promise.all(Array.from({ length: 5 }, () => createRun(input, t.db)));
    expect(new Set(results.map((r) => r.runId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    await waitForStatus(t.db, results[0].runId, ["COMPLETED"]);
    const again = await createRun(input, t.db);
    expect(again).toMatchObject({ runId: results[0].runId, created: false, status: "COMPLETED" });
    expect(await t.db.run.count({ where: { idempotencyKey: "order-42" } })).toBe(1);
    // The same key in another workspace is a different run.
    const other = await createAutomation(t.db, t.ws.otherWorkspaceId, chain([trigger()]));
    const o = await createRun({ ...input, workspaceId: t.ws.otherWorkspaceId, automationId: other.automationId }, t.db);
    expect(o.created).toBe(true);
    // Reusing a key for another automation is refused.
    const b = await createAutomation(t.db, t.ws.workspaceId, chain([trigger()]));
    expect(codeOf(await createRun({ ...input, automationId: b.automationId }, t.db).catch((e: unknown) => e))).toBe("CONFLICT");
  });

  it("runs created at the same moment keep their own outcome: a repeated key fails only its own insert", async () => {
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("a", { x: "{{trigger.i}}" })]));
    const base = { workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" };
    const results = await Promise.all([
      createRun({ ...base, idempotencyKey: "batch-1", triggerData: { i: 1 } }, t.db),
      createRun({ ...base, idempotencyKey: "batch-2", triggerData: { i: 2 } }, t.db),
      createRun({ ...base, idempotencyKey: "batch-1", triggerData: { i: 99 } }, t.db),
      createRun({ ...base, idempotencyKey: "batch-3", triggerData: { i: 3 } }, t.db),
      createRun({ ...base, triggerData: { i: 4 } }, t.db),
    ]);
    // SQLite batches the creations into one transaction in call order: the first "batch-1"
    // wins. On PostgreSQL they are concurrent transactions: either may commit first.
    const sqlite = t.url.startsWith("file:");
    if (sqlite) expect(results.map((r) => r.created)).toEqual([true, true, false, true, true]);
    else {
      expect([results[1], results[3], results[4]].map((r) => r!.created)).toEqual([true, true, true]);
      expect([results[0]!.created, results[2]!.created].sort()).toEqual([false, true]);
    }
    expect(results[2]!.runId).toBe(results[0]!.runId);
    const winnerX = results[0]!.created ? 1 : 99;
    const ids = [...new Set(results.map((r) => r.runId))];
    expect(ids).toHaveLength(4);
    for (const id of ids) {
      const run = await waitForStatus(t.db, id, ["COMPLETED", "FAILED"]);
      expect(run.status).toBe("COMPLETED");
      expect(await t.db.runEvent.count({ where: { runId: id, toStatus: "QUEUED", fromStatus: null } })).toBe(1);
    }
    const first = await t.db.run.findUniqueOrThrow({ where: { id: results[0]!.runId } });
    expect(JSON.parse(first.state)).toMatchObject({ vars: { x: winnerX } });
  });

  it("returns as soon as the row is committed (QUEUED), without executing steps", async () => {
    await t.rt.dispatcher.stop();
    try {
      const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("a", { x: "1" })]));
      const r = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { a: 1 } }, t.db);
      expect(r.status).toBe("QUEUED");
      const row = await t.db.run.findUniqueOrThrow({ where: { id: r.runId } });
      expect(row.status).toBe("QUEUED");
      expect(JSON.parse(row.triggerData)).toEqual({ a: 1 });
      expect(await stepsOf(t.db, r.runId)).toHaveLength(0);
    } finally {
      await t.rt.dispatcher.start();
    }
  });

  it("non-test runs need a published version; test runs execute a snapshot of the draft", async () => {
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("a", { v: "draft" })]), { publish: false });
    const err = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db).catch((e: unknown) => e);
    expect(codeOf(err)).toBe("UNPROCESSABLE");
    expect((err as AppError).message).toBe("Publish the automation before running it, or start a test run");

    const r = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", test: true }, t.db);
    expect(r.isTest).toBe(true);
    // Editing the draft afterwards does not change what the test run executes.
    await t.db.automation.update({ where: { id: automationId }, data: { draftGraph: JSON.stringify(chain([trigger(), setVars("a", { v: "edited" })])) } });
    const run = await waitForStatus(t.db, r.runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("COMPLETED");
    expect(run.versionId).toBeNull();
    expect(run.graphSnapshot).toContain('"draft"');
    expect(JSON.parse(run.state).vars).toEqual({ v: "draft" });
  });

  it("runs keep executing the version they were created with after a re-publish", async () => {
    await t.rt.dispatcher.stop();
    let runId: string;
    try {
      const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("a", { v: "one" })]));
      ({ runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db));
      const g2 = JSON.stringify(chain([trigger(), setVars("a", { v: "two" })]));
      await t.db.automationVersion.create({ data: { automationId, workspaceId: t.ws.workspaceId, number: 2, graph: g2 } });
      await t.db.automation.update({ where: { id: automationId }, data: { publishedVersion: 2, draftGraph: g2 } });
      const r2 = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
      expect(r2.versionNumber).toBe(2);
    } finally {
      await t.rt.dispatcher.start();
    }
    const run = await waitForStatus(t.db, runId, ["COMPLETED"]);
    expect(run.versionNumber).toBe(1);
    expect(JSON.parse(run.state).vars).toEqual({ v: "one" });
  });

  it("refuses unknown, other-workspace and archived automations and invalid drafts", async () => {
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger()]));
    expect(codeOf(await createRun({ workspaceId: t.ws.otherWorkspaceId, automationId, triggerType: "manual" }, t.db).catch((e: unknown) => e))).toBe("NOT_FOUND");
    expect(codeOf(await createRun({ workspaceId: t.ws.workspaceId, automationId: "nope", triggerType: "manual" }, t.db).catch((e: unknown) => e))).toBe("NOT_FOUND");
    await t.db.automation.update({ where: { id: automationId }, data: { status: "ARCHIVED", archivedAt: new Date() } });
    const archived = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db).catch((e: unknown) => e);
    expect(codeOf(archived)).toBe("UNPROCESSABLE");
    expect((archived as Error).message).toContain("archived");
    const bad = await createAutomation(t.db, t.ws.workspaceId, { nodes: [node("x", "set_variables", { variables: [] })], edges: [] }, { publish: false });
    const invalid = await createRun({ workspaceId: t.ws.workspaceId, automationId: bad.automationId, triggerType: "manual", test: true }, t.db).catch((e: unknown) => e);
    expect(codeOf(invalid)).toBe("UNPROCESSABLE");
    expect((invalid as AppError).details?.problems).toBeDefined();
  });

  it("a run whose stored graph cannot be executed fails with a clear error; an unknown node type fails its step", async () => {
    await t.rt.dispatcher.stop();
    try {
      const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("a", { x: "1" })]));
      const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
      const run0 = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
      await t.db.automationVersion.update({ where: { id: run0.versionId ?? "" }, data: { graph: "{not json" } });
      expect(await t.rt.engine.executeRun(runId)).toEqual({ kind: "finished", status: "FAILED" });
      const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
      expect(run.errorCode).toBe("GRAPH_INVALID");
      expect(run.error).toBe("The automation cannot run: The graph stored for this run is not valid JSON");

      const other = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), node("x", "no_such_type")]));
      const r2 = await createRun({ workspaceId: t.ws.workspaceId, automationId: other.automationId, triggerType: "manual" }, t.db);
      expect(await t.rt.engine.executeRun(r2.runId)).toEqual({ kind: "finished", status: "FAILED" });
      const failed = await t.db.run.findUniqueOrThrow({ where: { id: r2.runId } });
      expect(failed.errorCode).toBe("UNKNOWN_NODE_TYPE");
      expect(failed.error).toBe('Step "x" failed: Node type "no_such_type" is not available in this version of Switchyard');
    } finally {
      await t.rt.dispatcher.start();
    }
  });
});
