import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun } from "@/server/services/runs/create-run";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { chain, createAutomation, http, setVars, startServer, stepsOf, trigger, waitFor, type TestServer } from "../engine/helpers";
import { serverEnv } from "../crash/harness";

/**
 * Graceful shutdown of the real standalone worker process
 * (`node --import tsx scripts/worker.ts`): SIGTERM while an HTTP step is in
 * flight and outlasts SHUTDOWN_GRACE_MS → exit code 0 within the grace plus a
 * margin, the run handed back (QUEUED, no lease, the attempt interrupted);
 * a second SIGTERM during the drain exits at once with 143.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

function startWorker(databaseUrl: string, extra: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: ROOT,
    env: serverEnv(databaseUrl, { ENGINE_LEASE_MS: "30000", ENGINE_TICK_MS: "50", LOG_LEVEL: "info", ...extra }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
  child.stderr.on("data", (d: Buffer) => (out += d.toString("utf8")));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once("exit", (code) => resolve({ code, at: Date.now() })));
  return { child, exited, output: () => out };
}

describe("graceful shutdown of the worker process", () => {
  let t: TestDb;
  let ws: TestWorkspace;
  let api: TestServer;
  let automationId: string;
  const workers: Array<ReturnType<typeof startWorker>> = [];
  beforeAll(async () => {
    t = await createTestDb();
    ws = await seedTestWorkspace(t.db, "shutdown-process");
    // Every request hangs for a minute: the step outlasts any grace in this file.
    api = await startServer((_req, res) => {
      setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end("{}"), 60_000).unref();
    });
    const graph = chain([trigger(), http("call", `${api.url}/hang`, { timeoutMs: 120_000 }, { timeoutMs: 120_000 }), setVars("after", { done: "yes" })]);
    automationId = (await createAutomation(t.db, ws.workspaceId, graph)).automationId;
  });
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
    await api.close();
    await t.cleanup();
  });

  async function inFlight(grace: number) {
    const { runId } = await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const w = startWorker(t.url, { SHUTDOWN_GRACE_MS: String(grace) });
    workers.push(w);
    await waitFor("the RUNNING step row", async () => (await t.db.stepRun.count({ where: { runId, nodeId: "call", status: "RUNNING" } })) === 1, 20_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\n--- worker output ---\n${w.output().slice(-3000)}`);
    });
    return { runId, w };
  }

  it("SIGTERM: exit 0 after the grace, the run handed back with its lease released", async () => {
    const { runId, w } = await inFlight(1000);
    const t0 = Date.now();
    w.child.kill("SIGTERM");
    const { code, at } = await w.exited;
    expect(code, w.output()).toBe(0);
    expect(at - t0).toBeGreaterThanOrEqual(900);
    expect(at - t0).toBeLessThan(1000 + 4000);
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "QUEUED", leaseToken: null, leaseOwner: null, leaseExpiresAt: null });
    expect((await stepsOf(t.db, runId)).map((s) => [s.nodeId, s.attempt, s.status, s.errorCode])).toEqual([
      ["trigger", 1, "SUCCEEDED", null],
      ["call", 1, "FAILED", "INTERRUPTED"],
    ]);
    // One line when the drain starts, one at exit with the counts.
    expect(w.output()).toMatch(/"msg":"shutting down/);
    expect(w.output()).toMatch(/"handedBack":1.*"msg":"shut down"|"msg":"shut down".*"handedBack":1/);
    await t.db.run.update({ where: { id: runId }, data: { status: "CANCELLED" } });
  });

  it("a second SIGTERM during the drain exits at once with 143", async () => {
    const { runId, w } = await inFlight(30_000);
    w.child.kill("SIGTERM");
    await waitFor("the drain to start", async () => /"msg":"shutting down/.test(w.output()), 15_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\n--- worker output ---\n${w.output().slice(-3000)}`);
    });
    // Past the duplicate window (a repeat within 500 ms counts as the same signal).
    await new Promise((r) => setTimeout(r, 700));
    const t0 = Date.now();
    w.child.kill("SIGTERM");
    const { code, at } = await w.exited;
    expect(code, w.output()).toBe(143);
    expect(at - t0).toBeLessThan(2000);
    // Not handed back: the run keeps its lease and is taken over when it expires.
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("RUNNING");
    await t.db.run.update({ where: { id: runId }, data: { status: "CANCELLED", leaseToken: null, leaseOwner: null, leaseExpiresAt: null } });
  });
});
