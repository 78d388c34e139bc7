import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { createRun } from "@/server/services/runs/create-run";
import { chain, createAutomation, http, setVars, startServer as startHttpServer, trigger, type TestServer } from "../engine/helpers";
import { startServer, waitFor, type ServerProcess } from "./harness";

/**
 * kill -9 of the server while HTTP steps are in flight against a local server that
 * delays its first answer: after the restart the expired leases are reclaimed,
 * every run completes, no completed step is executed or recorded twice, and the
 * retried request carries the same Idempotency-Key as the interrupted one.
 */
describe("crash: kill -9 while an HTTP step is in flight", () => {
  let t: TestDb;
  let ws: TestWorkspace;
  let api: TestServer;
  let server: ServerProcess | undefined;
  const seen = new Map<string, number>();
  beforeAll(async () => {
    t = await createTestDb();
    ws = await seedTestWorkspace(t.db, "crash-http");
    api = await startHttpServer((req, res) => {
      const key = String(req.headers["idempotency-key"] ?? "");
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      // First delivery of a key: hold the response (the server gets killed meanwhile).
      if (n === 1) {
        setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ late: true })), 60_000).unref();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, deliveries: n }));
    });
  });
  afterAll(async () => {
    await server?.kill9();
    await api.close();
    await t.cleanup();
  });

  it("every run completes; the retry reuses the idempotency key; nothing completed is duplicated", async () => {
    const graph = chain([
      trigger(),
      setVars("before", { order: "{{trigger.order}}" }),
      http("charge", `${api.url}/charge`, { timeoutMs: 120_000 }, { timeoutMs: 120_000, body: '{"order": "{{trigger.order}}"}' }),
      setVars("after", { status: "{{steps.charge.body.ok}}" }),
    ]);
    const { automationId } = await createAutomation(t.db, ws.workspaceId, graph);
    const runIds: string[] = [];
    for (let i = 0; i < 4; i++) runIds.push((await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual", triggerData: { order: `o-${i}` } }, t.db)).runId);

    server = startServer(t.url);
    const srv = server;
    await waitFor("an HTTP request in flight for every run", async () => runIds.every((id) => seen.get(`${id}:charge:`) === 1), 60_000, srv);
    // Let the engine record the in-flight steps (RUNNING rows after 100 ms).
    await waitFor("RUNNING step rows", async () => (await t.db.stepRun.count({ where: { runId: { in: runIds }, nodeId: "charge", status: "RUNNING" } })) === runIds.length, 10_000, srv);
    await srv.kill9();
    expect(srv.child.signalCode).toBe("SIGKILL");
    expect(await t.db.run.count({ where: { id: { in: runIds }, status: "RUNNING" } })).toBe(runIds.length);

    server = startServer(t.url);
    const srv2 = server;
    await waitFor("all runs finished", async () => (await t.db.run.count({ where: { id: { in: runIds }, status: { in: ["COMPLETED", "FAILED", "CANCELLED"] } } })) === runIds.length, 90_000, srv2);

    for (const id of runIds) {
      const run = await t.db.run.findUniqueOrThrow({ where: { id } });
      expect(run.status).toBe("COMPLETED");
      expect(run.claimCount).toBe(2);
      const steps = await t.db.stepRun.findMany({ where: { runId: id }, orderBy: [{ startedAt: "asc" }, { attempt: "asc" }] });
      // Completed steps are never re-executed: exactly one SUCCEEDED row per node.
      const succeeded = steps.filter((s) => s.status === "SUCCEEDED").map((s) => s.nodeId).sort();
      expect(succeeded).toEqual(["after", "before", "charge", "trigger"]);
      expect(steps.filter((s) => s.nodeId !== "charge")).toHaveLength(3);
      const charge = steps.filter((s) => s.nodeId === "charge");
      expect(charge.map((s) => [s.attempt, s.status, s.errorCode])).toEqual([
        [1, "FAILED", "INTERRUPTED"],
        [2, "SUCCEEDED", null],
      ]);
      expect(charge[0].idempotencyKey).toBe(`${id}:charge:`);
      expect(charge[1].idempotencyKey).toBe(`${id}:charge:`);
      // The API saw the interrupted request and exactly one retry, both with the step's key.
      expect(seen.get(`${id}:charge:`)).toBe(2);
      expect(JSON.parse(run.state).vars).toMatchObject({ status: true });
    }
    const keys = api.requests.map((r) => r.headers["idempotency-key"]);
    expect(keys).toHaveLength(runIds.length * 2);
    for (const id of runIds) expect(keys.filter((k) => k === `${id}:charge:`)).toHaveLength(2);
    await srv2.stop();
  });
});
