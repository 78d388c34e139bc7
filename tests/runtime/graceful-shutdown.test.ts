import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun } from "@/server/services/runs/create-run";
import { createRunStore } from "@/server/engine/run-store";
import type { ExecuteResult } from "@/server/engine/executor";
import { parseState } from "@/server/engine/state";
import type { RunStore, StepRecord } from "@/server/engine/store";
import { chain, createAutomation, engineEnv, http, setVars, setupEngineTest, startServer, stepsOf, trigger, waitFor, waitForStatus, type EngineTest, type TestServer } from "../engine/helpers";

/**
 * Issue 13 item 6, graceful shutdown, on the real engine runtime and database
 * (SQLite file, or PostgreSQL with TEST_DATABASE_URL): a stop lets the step in
 * flight finish within the grace and starts no further step; a step that
 * outlasts the grace is handed back — QUEUED, lease released, claimable by
 * another runtime at once (the lease is 30 s, so expiry cannot explain it) —
 * and the first attempt can no longer write anything (fenced out).
 */
engineEnv({ ENGINE_LEASE_MS: "30000" });

describe("graceful shutdown of the engine runtime", () => {
  let t: EngineTest;
  let api: TestServer;
  /** per path: how long the first request waits before its answer */
  const firstDelay = new Map<string, number>();
  const seen = new Map<string, number>();
  beforeAll(async () => {
    t = await setupEngineTest();
    await t.rt.dispatcher.stop();
    api = await startServer((req, res) => {
      const key = `${req.url}|${String(req.headers["idempotency-key"] ?? "")}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      const delay = n === 1 ? (firstDelay.get(req.url ?? "") ?? 0) : 0;
      setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, delivery: n })), delay).unref();
    });
  });
  afterAll(async () => {
    await api.close();
    await t.cleanup();
  });

  const graph = (path: string) => chain([trigger(), http("call", `${api.url}${path}`, { timeoutMs: 60_000 }, { timeoutMs: 60_000 }), setVars("after", { done: "yes" })]);

  async function startInFlight(path: string, delayMs: number, onResult?: (runId: string, r: ExecuteResult) => void) {
    firstDelay.set(path, delayMs);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph(path));
    const rt = await t.restart({ ...(onResult ? { onResult } : {}) });
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    await waitFor("the HTTP step in flight", async () => api.requests.some((r) => r.url === path));
    // The engine records a RUNNING step row after 100 ms.
    await waitFor("the RUNNING step row", async () => (await t.db.stepRun.count({ where: { runId, nodeId: "call", status: "RUNNING" } })) === 1);
    return { rt, runId };
  }

  it("a step that finishes within the grace is committed; no later step starts; the run is handed back between steps", async () => {
    const { rt, runId } = await startInFlight("/fast", 1000);
    const t0 = Date.now();
    const summary = await rt.dispatcher.stop({ graceMs: 5000 });
    const took = Date.now() - t0;
    expect(summary).toEqual({ inFlight: 1, finished: 1, handedBack: 0, abandoned: 0 });
    expect(took).toBeLessThan(4000);
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "QUEUED", leaseToken: null, leaseOwner: null, leaseExpiresAt: null });
    const steps = await stepsOf(t.db, runId);
    expect(steps.map((s) => [s.nodeId, s.status])).toEqual([
      ["trigger", "SUCCEEDED"],
      ["call", "SUCCEEDED"],
    ]);
    expect(await t.db.run.count({ where: { leaseToken: { not: null } } })).toBe(0);
    // The next runtime continues after the committed step: "call" is not executed again.
    const next = await t.restart();
    expect((await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"], 10_000)).status).toBe("COMPLETED");
    await next.dispatcher.stop();
    expect(seen.get(`/fast|${runId}:call:`)).toBe(1);
    expect((await stepsOf(t.db, runId)).map((s) => s.nodeId)).toEqual(["trigger", "call", "after"]);
  });

  it("a step that outlasts the grace is handed back: claimable at once by another runtime, the first attempt fenced out", async () => {
    const results: ExecuteResult[] = [];
    let runIdOf = "";
    const { rt, runId } = await startInFlight("/slow", 10_000, (id, r) => {
      if (id === runIdOf) results.push(r);
    });
    runIdOf = runId;
    const t0 = Date.now();
    const summary = await rt.dispatcher.stop({ graceMs: 500 });
    const took = Date.now() - t0;
    expect(summary).toEqual({ inFlight: 1, finished: 0, handedBack: 1, abandoned: 0 });
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(2500);
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "QUEUED", leaseToken: null, leaseOwner: null, leaseExpiresAt: null, wakeAt: null });
    // The interrupted attempt is closed; the next claim executes attempt 2 with the same key.
    expect(parseState(run.state).attempts["call@"]).toEqual({ a: 2, f: 0 });
    const first = (await stepsOf(t.db, runId)).filter((s) => s.nodeId === "call");
    expect(first.map((s) => [s.attempt, s.status, s.errorCode])).toEqual([[1, "FAILED", "INTERRUPTED"]]);
    expect(first[0].error).toMatch(/handed the run back/);
    const event = await t.db.runEvent.findFirst({ where: { runId, fromStatus: "RUNNING", toStatus: "QUEUED" } });
    expect(event?.reason).toMatch(/^handed back/);
    // The first runtime's execution ended without writing anything more.
    await waitFor("the first execution to end", async () => results.length > 0, 5000);
    expect(results).toEqual([{ kind: "lease-lost" }]);

    // A second runtime claims it at once (the lease was 30 s) and completes it.
    const t1 = Date.now();
    const second = await t.restart();
    const done = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"], 10_000);
    expect(Date.now() - t1).toBeLessThan(5000);
    await second.dispatcher.stop();
    expect(done.status).toBe("COMPLETED");
    expect(done.claimCount).toBe(2);
    expect(done.takeovers).toBe(0);
    const steps = await stepsOf(t.db, runId);
    const call = steps.filter((s) => s.nodeId === "call");
    expect(call.map((s) => [s.attempt, s.status, s.errorCode, s.idempotencyKey])).toEqual([
      [1, "FAILED", "INTERRUPTED", `${runId}:call:`],
      [2, "SUCCEEDED", null, `${runId}:call:`],
    ]);
    expect(steps.filter((s) => s.status === "SUCCEEDED").map((s) => s.nodeId)).toEqual(["trigger", "call", "after"]);
    // The API saw the interrupted request and one retry, both with the step's idempotency key.
    expect(api.requests.filter((r) => r.url === "/slow").map((r) => r.headers["idempotency-key"])).toEqual([`${runId}:call:`, `${runId}:call:`]);
    expect(await t.db.run.count({ where: { leaseToken: { not: null } } })).toBe(0);
  });

  it.each([0, 1])("release is fenced: the old token writes nothing afterwards, and only the holder can release (store %i)", async (i) => {
    const store: RunStore = i === 0 ? createRunStore(t.db) : createRunStore(t.db, { hotPath: false });
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph("/unused"));
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const now = new Date();
    expect(await store.claim({ runId }, "A", "tokA", 30_000, now)).not.toBeNull();
    const step: StepRecord = {
      workspaceId: t.ws.workspaceId, nodeId: "call", nodeType: "http_request", nodeName: "call", iteration: "", attempt: 1, status: "RUNNING",
      idempotencyKey: `${runId}:call:`, request: "{}", response: null, responseTruncated: false, handle: null, error: null, errorCode: null, warnings: null,
      startedAt: now, finishedAt: null, durationMs: null,
    };
    expect(await store.recordRunning(runId, "tokA", step)).toBe(true);
    expect(await store.release(runId, "wrong", new Date(), "engine:X", "handed back")).toEqual({ ok: false, interrupted: [] });
    expect(await store.release(runId, "tokA", new Date(), "engine:A", "handed back")).toEqual({ ok: true, interrupted: [{ nodeId: "call", iteration: "", attempt: 1 }] });
    const row = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    // The late result of attempt 1: commit, heartbeat and a RUNNING row are all fenced out.
    const succeeded: StepRecord = { ...step, status: "SUCCEEDED", response: "{}", finishedAt: new Date(), durationMs: 5, existing: true };
    expect(await store.commit(runId, "tokA", { state: row.state, stepCount: 2, failedStepCount: 0, releaseLease: false }, succeeded)).toBe("lost");
    expect(await store.heartbeat(runId, "tokA", 30_000, new Date())).toBe("lost");
    expect(await store.recordRunning(runId, "tokA", { ...step, attempt: 9 })).toBe(false);
    expect((await store.release(runId, "tokA", new Date(), "engine:A", "again")).ok).toBe(false);
    expect((await stepsOf(t.db, runId)).map((s) => [s.attempt, s.status, s.errorCode])).toEqual([[1, "FAILED", "INTERRUPTED"]]);
    // Claimable at once, as a fresh claim (not a takeover).
    const b = await store.claim({ runId }, "B", "tokB", 30_000, new Date());
    expect(b?.id).toBe(runId);
    expect(b?.prevStatus).toBe("QUEUED");
    expect(b?.takeovers).toBe(0);
    expect(b?.state.attempts["call@"]).toEqual({ a: 2, f: 0 });
    expect(await store.release(runId, "tokB", new Date(), "engine:B", "cleanup")).toEqual({ ok: true, interrupted: [] });
    await t.db.run.update({ where: { id: runId }, data: { status: "CANCELLED" } });
  });
});
