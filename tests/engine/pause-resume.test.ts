import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun } from "@/server/services/runs/create-run";
import { resumeRun } from "@/server/services/runs/resume-run";
import { AppError } from "@/server/services/errors";
import { testRegistry } from "./fixture-nodes";
import { chain, createAutomation, engineEnv, node, setupEngineTest, setVars, stepsOf, trigger, waitForStatus, type EngineTest } from "./helpers";

engineEnv();

describe("engine: pause and resume", () => {
  let t: EngineTest;
  beforeAll(async () => {
    t = await setupEngineTest({ registry: testRegistry });
  });
  afterAll(async () => t.cleanup());

  it("10 concurrent resumes with the same token: exactly one continues, the others get CONFLICT", async () => {
    const token = "tok-" + "a".repeat(40);
    const graph = chain([trigger(), node("approve", "test_wait_external", { token }), setVars("after", { decision: "{{steps.approve.resumedWith.decision}}" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const paused = await waitForStatus(t.db, runId, ["PAUSED"]);
    expect(paused.waitKind).toBe("external");
    expect(paused.waitTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(paused.leaseToken).toBeNull();
    const waiting = (await stepsOf(t.db, runId)).find((s) => s.nodeId === "approve");
    expect(waiting?.status).toBe("WAITING");

    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => resumeRun({ token, payload: { decision: `d${i}` } }, t.db)));
    const ok = results.filter((r) => r.status === "fulfilled");
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(9);
    for (const f of failed) {
      expect(f.reason).toBeInstanceOf(AppError);
      expect((f.reason as AppError).code).toBe("CONFLICT");
      expect((f.reason as AppError).message).toMatch(/already resumed/);
    }
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("COMPLETED");
    const steps = await stepsOf(t.db, runId);
    expect(steps.map((s) => `${s.nodeId}:${s.status}`)).toEqual(["trigger:SUCCEEDED", "approve:SUCCEEDED", "after:SUCCEEDED"]);
    const winner = (JSON.parse(steps[1].response ?? "null") as { resumedWith: { decision: string } }).resumedWith.decision;
    expect(JSON.parse(steps[2].response ?? "null")).toEqual({ variables: { decision: winner } });
    // Later attempts keep failing clearly; unknown tokens are NOT_FOUND.
    expect(((await resumeRun({ token, payload: {} }, t.db).catch((e: unknown) => e)) as AppError).code).toBe("CONFLICT");
    expect(((await resumeRun({ token: "x".repeat(30), payload: {} }, t.db).catch((e: unknown) => e)) as AppError).code).toBe("NOT_FOUND");
  });

  it("an external wait with a deadline fails the step when nobody resumes in time", async () => {
    const token = "tok-" + "b".repeat(40);
    const graph = chain([trigger(), node("approve", "test_wait_external", { token, expiresInMs: 300 }), setVars("after", { x: "1" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"], 5000);
    expect(run.status).toBe("FAILED");
    expect(run.errorCode).toBe("WAIT_EXPIRED");
    const approve = (await stepsOf(t.db, runId)).find((s) => s.nodeId === "approve");
    expect(approve?.status).toBe("FAILED");
  });

  it("a delay pauses the run with a DB timer and resumes at the right time", async () => {
    const graph = chain([trigger(), node("wait", "delay", { mode: "duration", amount: 1, unit: "seconds" }), setVars("after", { x: "{{steps.wait.waitedUntil}}" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const created = Date.now();
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const paused = await waitForStatus(t.db, runId, ["PAUSED"]);
    expect(paused.waitKind).toBe("delay");
    expect(paused.wakeAt?.getTime()).toBeGreaterThan(created + 900);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("COMPLETED");
    const steps = await stepsOf(t.db, runId);
    const wait = steps.find((s) => s.nodeId === "wait");
    expect(wait?.status).toBe("SUCCEEDED");
    expect(wait?.durationMs).toBeGreaterThanOrEqual(950);
    expect(steps.find((s) => s.nodeId === "after")?.startedAt.getTime()).toBeGreaterThanOrEqual(created + 1000);
    expect(steps.filter((s) => s.nodeId === "wait")).toHaveLength(1);
  });

  it("a delay survives a restart: stop the dispatcher, start a new one on the same database", async () => {
    const graph = chain([trigger(), node("wait", "delay", { mode: "duration", amount: 1, unit: "seconds" }), setVars("after", { x: "1" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const created = Date.now();
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    await waitForStatus(t.db, runId, ["PAUSED"]);
    await t.rt.dispose(); // "process" gone: its in-memory timers are lost
    await new Promise((r) => setTimeout(r, 1200));
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("PAUSED");
    await t.restart({ registry: testRegistry });
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("COMPLETED");
    const after = (await stepsOf(t.db, runId)).find((s) => s.nodeId === "after");
    expect(after?.startedAt.getTime()).toBeGreaterThanOrEqual(created + 1000);
  });
});
