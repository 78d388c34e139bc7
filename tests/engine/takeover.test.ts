import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun } from "@/server/services/runs/create-run";
import { createRunStore } from "@/server/engine/run-store";
import type { RunStore, StepRecord } from "@/server/engine/store";
import { testRegistry } from "./fixture-nodes";
import { chain, createAutomation, engineEnv, node, setVars, setupEngineTest, stepsOf, trigger, waitForStatus, type EngineTest } from "./helpers";

/**
 * Issue 7 item 2: takeovers are atomic and fenced, attempts come from the
 * database, a run that crashes its workers again and again fails with
 * CRASH_LOOP, and a commit error that is not a lost fence fails the run with
 * INTERNAL_ERROR instead of being retried forever.
 */
engineEnv();

function running(runId: string, workspaceId: string, nodeId: string, attempt: number, at: Date): StepRecord {
  return {
    workspaceId, nodeId, nodeType: "test_sleep", nodeName: nodeId, iteration: "", attempt, status: "RUNNING", idempotencyKey: `${runId}:${nodeId}:`,
    request: "{}", response: null, responseTruncated: false, handle: null, error: null, errorCode: null, warnings: null, startedAt: at, finishedAt: null, durationMs: null,
  };
}

describe("engine: takeovers", () => {
  let t: EngineTest;
  let stores: RunStore[];
  beforeAll(async () => {
    t = await setupEngineTest({ registry: testRegistry, maxClaims: 3 });
    await t.rt.dispatcher.stop();
    stores = [createRunStore(t.db), createRunStore(t.db, { hotPath: false })];
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const slowGraph = () => chain([trigger(), node("slow", "test_sleep", { ms: 20 }), setVars("after", { done: "yes" })]);

  it.each([0, 1])("a takeover that dies before committing does not make the next one reuse an attempt number (store %i)", async (i) => {
    const store = stores[i];
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, slowGraph());
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const t0 = Date.now() - 600_000;
    // Worker A claims, starts the slow step (RUNNING row, attempt 1) and dies.
    expect(await store.claim({ runId }, "A", "tA", 1000, new Date(t0))).not.toBeNull();
    expect(await store.recordRunning(runId, "tA", running(runId, t.ws.workspaceId, "slow", 1, new Date(t0)))).toBe(true);
    // Worker B takes over: its bookkeeping is one fenced transaction; then it starts attempt 2 and dies before committing.
    const b = await store.claim({ runId }, "B", "tB", 1000, new Date(t0 + 2000));
    expect(b?.prevStatus).toBe("RUNNING");
    expect(b?.takeovers).toBe(1);
    const taken = await store.takeOver(runId, "tB", new Date(t0 + 2000));
    expect(taken.ok).toBe(true);
    expect(taken.interrupted.map((r) => r.attempt)).toEqual([1]);
    expect(await store.recordRunning(runId, "tB", running(runId, t.ws.workspaceId, "slow", 2, new Date(t0 + 2000)))).toBe(true);
    // A stale bookkeeping call of A writes nothing.
    expect((await store.takeOver(runId, "tA", new Date())).ok).toBe(false);
    // Worker C (the real engine) takes over and finishes: attempt 3, never a reused number.
    await t.rt.dispatcher.start();
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    await t.rt.dispatcher.stop();
    expect(run.status).toBe("COMPLETED");
    expect(run.claimCount).toBe(3);
    expect(run.takeovers).toBe(0);
    const slow = (await stepsOf(t.db, runId)).filter((s) => s.nodeId === "slow");
    expect(slow.map((s) => [s.attempt, s.status, s.errorCode])).toEqual([
      [1, "FAILED", "INTERRUPTED"],
      [2, "FAILED", "INTERRUPTED"],
      [3, "SUCCEEDED", null],
    ]);
  });

  it("a run whose workers keep dying without committing fails with CRASH_LOOP after ENGINE_MAX_CLAIMS, and the step says why", async () => {
    const store = stores[0];
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, slowGraph());
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const t0 = Date.now() - 600_000;
    // Three workers in a row claim it, start the slow step and die (maxClaims = 3 for this runtime).
    for (let k = 0; k < 3; k++) {
      const at = new Date(t0 + k * 2000);
      const c = await store.claim({ runId }, `dead-${k}`, `tok-${k}`, 1000, at);
      expect(c?.takeovers).toBe(k);
      if (k > 0) expect((await store.takeOver(runId, `tok-${k}`, at)).ok).toBe(true);
      expect(await store.recordRunning(runId, `tok-${k}`, running(runId, t.ws.workspaceId, "slow", k + 1, at))).toBe(true);
    }
    await t.rt.dispatcher.start();
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    await t.rt.dispatcher.stop();
    expect(run.status).toBe("FAILED");
    expect(run.errorCode).toBe("CRASH_LOOP");
    expect(run.error).toContain('"slow"');
    const slow = (await stepsOf(t.db, runId)).filter((s) => s.nodeId === "slow");
    expect(slow.map((s) => [s.attempt, s.status, s.errorCode])).toEqual([
      [1, "FAILED", "INTERRUPTED"],
      [2, "FAILED", "INTERRUPTED"],
      [3, "FAILED", "INTERRUPTED"],
      [4, "FAILED", "CRASH_LOOP"],
    ]);
    expect(slow[3].error).toMatch(/taken over 3 times in a row/);
    // The history shows the takeovers and the failure.
    const events = await t.db.runEvent.findMany({ where: { runId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    expect(events.filter((e) => e.fromStatus === "RUNNING" && e.toStatus === "RUNNING")).toHaveLength(3);
    expect(events[events.length - 1]).toMatchObject({ fromStatus: "RUNNING", toStatus: "FAILED" });
    expect(events[events.length - 1].reason).toMatch(/^CRASH_LOOP/);
  });

  it("a run that makes progress between crashes is never failed for crashing: every commit resets the takeover count", async () => {
    const store = stores[0];
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, slowGraph());
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const t0 = Date.now() - 600_000;
    for (let round = 0; round < 3; round++) {
      // Two takeovers in a row (below the limit of 3) …
      for (let k = 0; k < 2; k++) {
        const at = new Date(t0 + (round * 2 + k) * 2000);
        const token = `r${round}k${k}`;
        expect(await store.claim({ runId }, token, token, 1000, at)).not.toBeNull();
        // … then the second worker commits something (progress) before it dies.
        if (k === 1) {
          const row = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
          expect(row.takeovers).toBeGreaterThan(0);
          expect(await store.commit(runId, token, { state: row.state, stepCount: row.stepCount, failedStepCount: 0, releaseLease: false })).toBe("ok");
          expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).takeovers).toBe(0);
        }
      }
    }
    await t.rt.dispatcher.start();
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    await t.rt.dispatcher.stop();
    expect(run.status).toBe("COMPLETED");
  });

  it("a commit error that is not a lost fence fails the run with INTERNAL_ERROR at once instead of being retried forever", async () => {
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, slowGraph());
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    // A row the engine's first commit collides with (the unique index on run, key, attempt).
    await t.db.stepRun.create({
      data: { runId, workspaceId: t.ws.workspaceId, nodeId: "trigger", nodeType: "manual", nodeName: "Trigger", status: "FAILED", idempotencyKey: `${runId}:trigger:`, attempt: 1 },
    });
    await t.rt.dispatcher.start();
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    await t.rt.dispatcher.stop();
    expect(run.status).toBe("FAILED");
    expect(run.errorCode).toBe("INTERNAL_ERROR");
    expect(run.claimCount).toBe(1);
  });
});
