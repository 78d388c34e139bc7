import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Graph } from "@/lib/graph/schema";
import { createRun } from "@/server/services/runs/create-run";
import { backoffDelayMs } from "@/server/engine/retry";
import { testRegistry } from "./fixture-nodes";
import { chain, createAutomation, edge, engineEnv, waitFor, http, node, setupEngineTest, setVars, startServer, stepsOf, trigger, waitForStatus, type EngineTest, type TestServer } from "./helpers";

engineEnv();

describe("engine: retry, timeout and continue-on-error", () => {
  let t: EngineTest;
  let server: TestServer;
  beforeAll(async () => {
    t = await setupEngineTest({ registry: testRegistry });
    server = await startServer((req, res, _body, n) => {
      if (req.url?.startsWith("/flaky") && n === 1) {
        res.writeHead(503, { "content-type": "text/plain" }).end("try later");
        return;
      }
      if (req.url?.startsWith("/always-500")) {
        res.writeHead(500).end("broken");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, n }));
    });
  });
  afterAll(async () => {
    await server.close();
    await t.cleanup();
  });

  it("retries a 503 after the backoff (a DB timer) and then succeeds with the same idempotency key", async () => {
    server.requests.length = 0;
    const graph = chain([trigger(), http("call", `${server.url}/flaky`, { retry: { maxAttempts: 3, backoffMs: 300, maxBackoffMs: 10_000 } })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);

    // While waiting for the retry the run is QUEUED with a wakeAt timer in the database.
    const waiting = await waitFor("the retry timer", () => t.db.run.findFirst({ where: { id: runId, status: "QUEUED", waitKind: "retry" } }));
    expect(waiting.wakeAt).not.toBeNull();
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("COMPLETED");
    const calls = (await stepsOf(t.db, runId)).filter((s) => s.nodeId === "call");
    expect(calls.map((s) => [s.attempt, s.status, s.errorCode])).toEqual([
      [1, "FAILED", "HTTP_503"],
      [2, "SUCCEEDED", null],
    ]);
    expect(calls[0].idempotencyKey).toBe(calls[1].idempotencyKey);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0].headers["idempotency-key"]).toBe(`${runId}:call:`);
    expect(server.requests[1].headers["idempotency-key"]).toBe(`${runId}:call:`);
    // backoff 300 ms ± 20 %
    const gap = server.requests[1].at - server.requests[0].at;
    expect(gap).toBeGreaterThanOrEqual(235);
    expect(run.stepCount).toBe(2);
    expect(run.failedStepCount).toBe(0);
  });

  it("fails the run when attempts are exhausted, with the step's error on the run", async () => {
    const graph = chain([trigger(), http("call", `${server.url}/always-500`, { retry: { maxAttempts: 2, backoffMs: 10, maxBackoffMs: 100 } }), setVars("after", { x: "1" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("FAILED");
    expect(run.errorCode).toBe("HTTP_500");
    expect(run.error).toContain('Step "call" failed (after 2 attempts): HTTP 500');
    const steps = await stepsOf(t.db, runId);
    expect(steps.map((s) => `${s.nodeId}:${s.attempt}:${s.status}`)).toEqual(["trigger:1:SUCCEEDED", "call:1:FAILED", "call:2:FAILED"]);
    expect(run.failedStepCount).toBe(1);
  });

  it("a fatal error is not retried", async () => {
    const graph = chain([trigger(), node("f", "test_flaky", { failTimes: 5, fatal: true }, { retry: { maxAttempts: 5, backoffMs: 10, maxBackoffMs: 10 } })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("FAILED");
    expect(run.errorCode).toBe("PLANNED");
    expect((await stepsOf(t.db, runId)).filter((s) => s.nodeId === "f")).toHaveLength(1);
  });

  it("a step over its timeout is aborted and counted as a retryable failure", async () => {
    const graph = chain([trigger(), node("slow", "test_sleep", { ms: 5000 }, { timeoutMs: 150, retry: { maxAttempts: 2, backoffMs: 10, maxBackoffMs: 10 } })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("FAILED");
    expect(run.errorCode).toBe("STEP_TIMEOUT");
    const slow = (await stepsOf(t.db, runId)).filter((s) => s.nodeId === "slow");
    expect(slow.map((s) => [s.attempt, s.error])).toEqual([
      [1, "timed out after 150 ms"],
      [2, "timed out after 150 ms"],
    ]);
    expect(slow[0].durationMs).toBeLessThan(2000);
  });

  it("continue-on-error records the failure and the run completes with the failure counted", async () => {
    const graph: Graph = {
      nodes: [trigger(), http("call", `${server.url}/always-500`, { continueOnError: true }), setVars("after", { seen: "{{steps.call.errorCode}}" })],
      edges: [edge("trigger", "call"), edge("call", "after")],
    };
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("COMPLETED");
    expect(run.failedStepCount).toBe(1);
    expect(run.error).toBeNull();
    const steps = await stepsOf(t.db, runId);
    expect(steps.map((s) => `${s.nodeId}:${s.status}:${s.handle ?? ""}`)).toEqual(["trigger:SUCCEEDED:next", "call:FAILED:next", "after:SUCCEEDED:next"]);
    expect(JSON.parse(steps[2].response ?? "null")).toEqual({ variables: { seen: "HTTP_500" } });
  });
});

describe("retry timing", () => {
  const retry = { maxAttempts: 5, backoffMs: 1000, maxBackoffMs: 5000 };
  it("doubles the delay per failure", () => {
    expect([1, 2, 3].map((f) => backoffDelayMs(retry, f, () => 0.5))).toEqual([1000, 2000, 4000]);
  });
  it("applies ±20% jitter", () => {
    expect(backoffDelayMs(retry, 1, () => 0)).toBe(800);
    expect(backoffDelayMs(retry, 1, () => 1)).toBe(1200);
    expect(backoffDelayMs(retry, 2, () => 0)).toBe(1600);
  });
  it("caps at maxBackoffMs (after jitter)", () => {
    expect(backoffDelayMs(retry, 3, () => 1)).toBe(4800);
    expect(backoffDelayMs(retry, 4, () => 0)).toBe(5000);
    expect(backoffDelayMs(retry, 10, () => 1)).toBe(5000);
  });
});
