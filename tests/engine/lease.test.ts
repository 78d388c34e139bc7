import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun } from "@/server/services/runs/create-run";
import { createRunStore } from "@/server/engine/run-store";
import type { RunStore, StepRecord } from "@/server/engine/store";
import { testRegistry } from "./fixture-nodes";
import { chain, createAutomation, engineEnv, node, setupEngineTest, setVars, stepsOf, trigger, waitFor, waitForStatus, type EngineTest } from "./helpers";

engineEnv();

const step = (runId: string, workspaceId: string, nodeId: string): StepRecord => ({
  workspaceId,
  nodeId,
  nodeType: "set_variables",
  nodeName: nodeId,
  iteration: "",
  attempt: 1,
  status: "SUCCEEDED",
  idempotencyKey: `${runId}:${nodeId}:`,
  request: "{}",
  response: "{}",
  responseTruncated: false,
  handle: "next",
  error: null,
  errorCode: null,
  warnings: null,
  startedAt: new Date(),
  finishedAt: new Date(),
  durationMs: 0,
});

describe("engine: leases and fencing", () => {
  let t: EngineTest;
  let stores: RunStore[];
  beforeAll(async () => {
    t = await setupEngineTest({ registry: testRegistry });
    await t.rt.dispatcher.stop(); // these tests drive claims by hand
    // Both implementations: the provider's hot path (direct SQLite statements / single-statement PostgreSQL) and the portable one.
    stores = [createRunStore(t.db), createRunStore(t.db, { hotPath: false })];
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it.each([0, 1])("a worker whose lease was taken over cannot commit (store %i)", async (i) => {
    const store = stores[i];
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("a", { x: "1" })]));
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const now = new Date();
    const a = await store.claim({ runId }, "worker-a", "token-a", 1000, now);
    expect(a?.prevStatus).toBe("QUEUED");
    // A second claim while the lease is valid fails.
    expect(await store.claim({ runId }, "worker-b", "token-b", 1000, now)).toBeNull();
    // The lease expires (worker A stalled); worker B takes over.
    const later = new Date(now.getTime() + 1500);
    const b = await store.claim({ runId }, "worker-b", "token-b", 10_000, later);
    expect(b?.prevStatus).toBe("RUNNING");
    // A's commit is fenced out: nothing is written, neither the run nor the step.
    const lost = await store.commit(runId, "token-a", { state: '{"stale":true}', stepCount: 99, failedStepCount: 0, status: "COMPLETED", releaseLease: true }, step(runId, t.ws.workspaceId, "a"));
    expect(lost).toBe("lost");
    expect(await store.heartbeat(runId, "token-a", 1000, later)).toBe("lost");
    expect(await store.recordRunning(runId, "token-a", { ...step(runId, t.ws.workspaceId, "x"), status: "RUNNING" })).toBe(false);
    let row = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(row.status).toBe("RUNNING");
    expect(row.leaseToken).toBe("token-b");
    expect(row.stepCount).toBe(0);
    expect(await stepsOf(t.db, runId)).toHaveLength(0);
    // B commits normally.
    expect(await store.commit(runId, "token-b", { state: "{}", stepCount: 1, failedStepCount: 0, releaseLease: false }, step(runId, t.ws.workspaceId, "a"))).toBe("ok");
    row = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(row.stepCount).toBe(1);
    expect(await stepsOf(t.db, runId)).toHaveLength(1);
    // A cancel request blocks normal commits (reported, nothing written) but not a finishing one.
    await t.db.run.update({ where: { id: runId }, data: { cancelRequested: true } });
    expect(await store.commit(runId, "token-b", { state: "{}", stepCount: 2, failedStepCount: 0, releaseLease: false }, step(runId, t.ws.workspaceId, "b"))).toBe("cancel-requested");
    expect(await stepsOf(t.db, runId)).toHaveLength(1);
    expect(await store.commit(runId, "token-b", { state: "{}", stepCount: 1, failedStepCount: 0, status: "CANCELLED", releaseLease: true }, undefined, { ignoreCancel: true })).toBe("ok");
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("CANCELLED");
  });

  it("an expired lease makes the run claimable again: the engine continues it and the interrupted step is retried with the same key", async () => {
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), node("slow", "test_sleep", { ms: 50 }), setVars("after", { x: "1" })]));
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const store = stores[0];
    // A "dead worker" claimed the run, ran the trigger, started the slow step (RUNNING row) and vanished.
    const now = new Date(Date.now() - 60_000);
    const claimed = await store.claim({ runId }, "dead", "dead-token", 1000, now);
    expect(claimed).not.toBeNull();
    const running = { ...step(runId, t.ws.workspaceId, "slow"), nodeType: "test_sleep", status: "RUNNING" as const, finishedAt: null, durationMs: null, response: null };
    expect(await store.recordRunning(runId, "dead-token", running)).toBe(true);
    await t.rt.dispatcher.start();
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("COMPLETED");
    expect(run.claimCount).toBe(2);
    const slow = (await stepsOf(t.db, runId)).filter((s) => s.nodeId === "slow");
    expect(slow.map((s) => [s.attempt, s.status, s.errorCode])).toEqual([
      [1, "FAILED", "INTERRUPTED"],
      [2, "SUCCEEDED", null],
    ]);
    expect(new Set(slow.map((s) => s.idempotencyKey))).toEqual(new Set([`${runId}:slow:`]));
    await waitFor("dispatcher idle", async () => t.rt.dispatcher.activeCount === 0);
    await t.rt.dispatcher.stop();
  });
});
