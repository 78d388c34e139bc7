import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun } from "@/server/services/runs/create-run";
import { cancelRun } from "@/server/services/runs/cancel-run";
import { AppError } from "@/server/services/errors";
import { chain, createAutomation, engineEnv, http, node, setupEngineTest, setVars, startServer, stepsOf, trigger, waitFor, waitForStatus, type EngineTest, type TestServer } from "./helpers";

engineEnv();

describe("engine: cancel", () => {
  let t: EngineTest;
  let server: TestServer;
  let closedConnections = 0;
  beforeAll(async () => {
    t = await setupEngineTest();
    server = await startServer((req, res) => {
      // Never answers on /slow: the step stays in flight until it is aborted.
      if (req.url?.startsWith("/slow")) {
        req.socket.on("close", () => (closedConnections += 1));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  afterAll(async () => {
    await server.close();
    await t.cleanup();
  });

  it("cancels a paused run atomically; it never resumes", async () => {
    const graph = chain([trigger(), node("wait", "delay", { mode: "duration", amount: 1, unit: "seconds" }), setVars("after", { x: "1" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    await waitForStatus(t.db, runId, ["PAUSED"]);
    const r = await cancelRun(t.admin, runId, t.db);
    expect(r).toEqual({ runId, status: "CANCELLED", cancelRequested: true });
    await new Promise((res) => setTimeout(res, 1500));
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe("CANCELLED");
    expect(run.finishedAt).not.toBeNull();
    const steps = await stepsOf(t.db, runId);
    expect(steps.map((s) => `${s.nodeId}:${s.status}`)).toEqual(["trigger:SUCCEEDED", "wait:FAILED"]);
    expect(steps[1].errorCode).toBe("CANCELLED");
  });

  it("cancels a running run: the in-flight HTTP request is aborted and no further step runs", async () => {
    closedConnections = 0;
    const graph = chain([trigger(), http("call", `${server.url}/slow`, { timeoutMs: 60_000 }, { timeoutMs: 60_000 }), setVars("after", { x: "1" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    await waitFor("the HTTP request to arrive", async () => server.requests.some((q) => q.url.startsWith("/slow")));
    const started = Date.now();
    const r = await cancelRun(t.admin, runId, t.db);
    expect(r).toEqual({ runId, status: "RUNNING", cancelRequested: true });
    const run = await waitForStatus(t.db, runId, ["CANCELLED", "COMPLETED", "FAILED"], 5000);
    expect(run.status).toBe("CANCELLED");
    expect(Date.now() - started).toBeLessThan(3000);
    await waitFor("the server to see the connection closed", async () => closedConnections > 0, 3000);
    const steps = await stepsOf(t.db, runId);
    expect(steps.map((s) => `${s.nodeId}:${s.status}:${s.errorCode ?? ""}`)).toEqual(["trigger:SUCCEEDED:", "call:FAILED:CANCELLED"]);
    expect(run.leaseToken).toBeNull();
  });

  it("a cancel request seen only in the database (another process) stops the run via the heartbeat", async () => {
    closedConnections = 0;
    const graph = chain([trigger(), http("call", `${server.url}/slow-2`, { timeoutMs: 60_000 }, { timeoutMs: 60_000 }), setVars("after", { x: "1" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    await waitFor("the HTTP request to arrive", async () => server.requests.some((q) => q.url.startsWith("/slow-2")));
    await t.db.run.update({ where: { id: runId }, data: { cancelRequested: true } });
    const run = await waitForStatus(t.db, runId, ["CANCELLED", "COMPLETED", "FAILED"], 8000);
    expect(run.status).toBe("CANCELLED");
    expect((await stepsOf(t.db, runId)).map((s) => s.nodeId)).toEqual(["trigger", "call"]);
  });

  it("cancelling a finished run is a clear CONFLICT; another workspace's run is NOT_FOUND", async () => {
    const graph = chain([trigger(), setVars("a", { x: "1" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    const err = await cancelRun(t.admin, runId, t.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("CONFLICT");
    expect((err as AppError).message).toBe("Run is already COMPLETED; only queued, running or paused runs can be cancelled");
    const other = { userId: t.ws.otherAdminId, workspaceId: t.ws.otherWorkspaceId, role: "ADMIN" as const };
    const nf = await cancelRun(other, runId, t.db).catch((e: unknown) => e);
    expect((nf as AppError).code).toBe("NOT_FOUND");
    const spec = { userId: t.ws.specialistId, workspaceId: t.ws.workspaceId, role: "SPECIALIST" as const };
    expect(((await cancelRun(spec, runId, t.db).catch((e: unknown) => e)) as AppError).code).toBe("FORBIDDEN");
  });

  it("cancels a queued run before it starts", async () => {
    await t.rt.dispatcher.stop();
    try {
      const graph = chain([trigger(), setVars("a", { x: "1" })]);
      const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
      const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
      expect((await cancelRun(t.admin, runId, t.db)).status).toBe("CANCELLED");
      expect(await t.rt.engine.executeRun(runId)).toEqual({ kind: "not-claimed" });
      expect(await stepsOf(t.db, runId)).toHaveLength(0);
    } finally {
      await t.rt.dispatcher.start();
    }
  });
});
