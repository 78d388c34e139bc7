import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/server/env";
import { startEngineThread, type EngineHost } from "@/server/runtime/engine-host";
import { onRunResult, type RunResultEvent } from "@/server/runtime/run-results";
import { cancelRun } from "@/server/services/runs/cancel-run";
import { createRun } from "@/server/services/runs/create-run";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { chain, createAutomation, http, setVars, startServer, trigger, waitFor, waitForStatus, type TestServer } from "../engine/helpers";

/**
 * `npm start` runs the engine on a worker thread (server/runtime/engine-host.ts)
 * with its own database connection. Proven here with the real thread: a run
 * created on the main thread starts at once (the wake-up crosses to the
 * thread: the dispatcher's ticker is set to a minute), its result comes back
 * (what webhook callers in wait mode listen to), a cancel request aborts the
 * step in flight on the thread at once, the main thread's read-then-write
 * Prisma transactions keep working while the thread commits runs, and stop()
 * drains the thread.
 */
const resultOf = (runId: string, timeoutMs = 15_000) =>
  new Promise<RunResultEvent>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no result for run ${runId} within ${timeoutMs} ms`)), timeoutMs);
    const off = onRunResult(runId, (e) => {
      if (e.kind !== "finished") return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });

describe("engine thread", () => {
  let t: TestDb;
  let ws: TestWorkspace;
  let host: EngineHost | null = null;
  let slow: TestServer;
  const closed: number[] = [];

  beforeAll(async () => {
    t = await createTestDb();
    ws = await seedTestWorkspace(t.db, "thread");
    slow = await startServer((req) => {
      // Never answers: the step stays in flight until it is aborted.
      req.socket.on("close", () => closed.push(Date.now()));
    });
    // The thread reads its configuration when it starts.
    process.env.DATABASE_URL = t.url;
    process.env.ENGINE_TICK_MS = "60000";
    process.env.ENGINE_LEASE_MS = "30000";
    process.env.HTTP_ALLOWLIST = "127.0.0.1";
    process.env.LOG_LEVEL = "error";
    resetEnvForTests();
    host = await startEngineThread();
  }, 60_000);

  afterAll(async () => {
    await host?.stop();
    await slow.close();
    await t.cleanup();
  });

  const actor = () => ({ userId: ws.adminId, workspaceId: ws.workspaceId, role: "ADMIN" as const });

  it("runs a run created on the main thread at once and reports its result back", async () => {
    const { automationId } = await createAutomation(t.db, ws.workspaceId, chain([trigger(), setVars("a", { greeting: "hi {{trigger.name}}" })]));
    const started = Date.now();
    const { runId } = await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual", triggerData: { name: "Ada" } }, t.db);
    const result = await resultOf(runId);
    expect(result).toEqual({ kind: "finished", status: "COMPLETED" });
    // Far below the one-minute ticker: the wake-up crossed to the thread.
    expect(Date.now() - started).toBeLessThan(10_000);
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(JSON.parse(run.state)).toMatchObject({ vars: { greeting: "hi Ada" } });
  });

  it("aborts the step in flight on the thread when the run is cancelled on the main thread", async () => {
    const { automationId } = await createAutomation(t.db, ws.workspaceId, chain([trigger(), http("call", `${slow.url}/hang`, { timeoutMs: 60_000 })]));
    const { runId } = await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    await waitFor("the HTTP step to be in flight", async () => slow.requests.length > 0);
    const before = closed.length;
    const asked = Date.now();
    expect(await cancelRun(actor(), runId, t.db)).toMatchObject({ status: "RUNNING", cancelRequested: true });
    const run = await waitForStatus(t.db, runId, ["CANCELLED", "FAILED", "COMPLETED"]);
    expect(run.status).toBe("CANCELLED");
    await waitFor("the request's connection to close", async () => closed.length > before);
    // The heartbeat would only notice after 2 s; the forwarded request aborts at once.
    expect(closed[closed.length - 1]! - asked).toBeLessThan(1_500);
  });

  it("keeps the main thread's read-then-write transactions working while the thread commits runs", async () => {
    const { automationId } = await createAutomation(t.db, ws.workspaceId, chain([trigger(), setVars("a", { x: "1" }), setVars("b", { y: "2" })]), { name: "n" });
    const runs = Promise.all(
      Array.from({ length: 80 }, async (_, i) => (await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual", triggerData: { i } }, t.db)).runId),
    );
    const edits = Promise.all(
      Array.from({ length: 30 }, () =>
        t.db.$transaction(async (tx) => {
          const a = await tx.automation.findUniqueOrThrow({ where: { id: automationId } });
          await tx.automation.update({ where: { id: automationId }, data: { name: `${a.name}x` } });
        }),
      ),
    );
    // Every transaction commits (on SQLite, a deferred BEGIN would fail some with SQLITE_BUSY_SNAPSHOT).
    const [ids] = await Promise.all([runs, edits]);
    // SQLite serializes them (BEGIN IMMEDIATE): no update is lost. PostgreSQL runs them concurrently under READ COMMITTED.
    if (t.url.startsWith("file:")) expect((await t.db.automation.findUniqueOrThrow({ where: { id: automationId } })).name).toBe(`n${"x".repeat(30)}`);
    await waitFor("every run to complete", async () => (await t.db.run.count({ where: { id: { in: ids }, status: "COMPLETED" } })) === ids.length, 30_000);
    expect(await t.db.stepRun.count({ where: { runId: { in: ids } } })).toBe(ids.length * 3);
  });

  it("stop() drains the thread: nothing runs afterwards", async () => {
    await host!.stop();
    host = null;
    const { automationId } = await createAutomation(t.db, ws.workspaceId, chain([trigger(), setVars("a", { x: "1" })]));
    const { runId } = await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    await new Promise((r) => setTimeout(r, 500));
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("QUEUED");
  });
});
