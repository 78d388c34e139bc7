import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { createQueueProducer } from "@/server/runtime/runtime";
import type { BullmqDispatcher } from "@/server/queue/bullmq";
import { createRun } from "@/server/services/runs/create-run";
import { chain, createAutomation, http, setVars, startServer as startHttpServer, trigger, type TestServer } from "../engine/helpers";
import { startWorker, waitFor, type ServerProcess } from "./harness";

/**
 * Issue 13 item 1, queue mode under a crash: two worker processes
 * (`node --import tsx scripts/worker.ts`, QUEUE_MODE=bullmq, real Redis) on the
 * test database (PostgreSQL with TEST_DATABASE_URL, else a SQLite file); this
 * process only commits runs and enqueues their wake-up jobs (a web process with
 * ENGINE_EMBEDDED=false). kill -9 of one worker while its runs are in HTTP steps:
 * the other worker finishes every run (expired leases, found by its database
 * sweep), and the HTTP server sees each step's effect under exactly one
 * Idempotency-Key (an interrupted step is retried with the same key).
 */
const REDIS_URL = "redis://127.0.0.1:6379/6";
const STEPS = ["one", "two", "three"];

describe("crash: queue mode, kill -9 of one of two workers", () => {
  let t: TestDb;
  let ws: TestWorkspace;
  let api: TestServer;
  let producer: BullmqDispatcher;
  let redis: Redis;
  const workers: ServerProcess[] = [];
  const prefix = `sy-crash-${randomBytes(4).toString("hex")}`;
  /** deliveries per Idempotency-Key */
  const seen = new Map<string, number>();
  /** requests not answered yet: key → when it arrived */
  const inFlight = new Map<string, number>();

  beforeAll(async () => {
    t = await createTestDb();
    ws = await seedTestWorkspace(t.db, "crash-queue");
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    api = await startHttpServer((req, res) => {
      const key = String(req.headers["idempotency-key"] ?? "");
      seen.set(key, (seen.get(key) ?? 0) + 1);
      inFlight.set(key, Date.now());
      setTimeout(() => {
        inFlight.delete(key);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
      }, 250).unref();
    });
    producer = createQueueProducer({ redisUrl: REDIS_URL, queuePrefix: prefix });
    await producer.start();
  });
  afterAll(async () => {
    for (const w of workers) await w.kill9();
    await producer?.stop();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await api?.close();
    await t?.cleanup();
  });

  it("every run completes on the surviving worker; each step's effect arrives under one key", async () => {
    const graph = chain([trigger(), ...STEPS.map((id) => http(id, `${api.url}/${id}`)), setVars("after", { done: "yes" })]);
    const { automationId } = await createAutomation(t.db, ws.workspaceId, graph);
    const queueEnv = { QUEUE_MODE: "bullmq", REDIS_URL, QUEUE_PREFIX: prefix, QUEUE_SWEEP_MS: "300", ENGINE_LEASE_MS: "2000", ENGINE_CONCURRENCY: "4" };
    for (let i = 0; i < 2; i++) workers.push(startWorker(t.url, queueEnv));
    const [a, b] = workers as [ServerProcess, ServerProcess];
    for (const w of workers) await waitFor("the worker ready", async () => w.output().includes("switchyard worker ready"), 30_000, w);

    const runIds: string[] = [];
    for (let i = 0; i < 16; i++) runIds.push((await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual", triggerData: { i } }, t.db)).runId);

    // Kill worker a while it holds runs with an HTTP request in flight (the lease owner carries the pid); a request
    // that arrived less than 150 ms ago cannot be answered (250 ms) before the kill lands.
    const aPid = `:${a.child.pid}:`;
    const { heldByA, cut } = await waitFor(
      "worker a with HTTP requests in flight",
      async () => {
        const rows = await t.db.run.findMany({ where: { id: { in: runIds }, status: "RUNNING", leaseOwner: { contains: aPid } }, select: { id: true } });
        const held = rows.map((r) => r.id);
        const now = Date.now();
        const keys = [...inFlight].filter(([key, at]) => now - at < 150 && held.some((id) => key.startsWith(`${id}:`))).map(([key]) => key);
        return held.length >= 2 && keys.length >= 1 ? { heldByA: held, cut: keys } : null;
      },
      20_000,
      a,
    );
    await a.kill9();
    expect(a.child.signalCode).toBe("SIGKILL");

    await waitFor(
      "all runs finished on worker b",
      async () => (await t.db.run.count({ where: { id: { in: runIds }, status: { in: ["COMPLETED", "FAILED", "CANCELLED"] } } })) === runIds.length,
      25_000,
      b,
    );
    for (const id of runIds) {
      const run = await t.db.run.findUniqueOrThrow({ where: { id } });
      expect(run.status).toBe("COMPLETED");
      const steps = await t.db.stepRun.findMany({ where: { runId: id } });
      // Exactly one SUCCEEDED row per node: nothing completed is executed again.
      expect(steps.filter((s) => s.status === "SUCCEEDED").map((s) => s.nodeId).sort()).toEqual(["after", ...STEPS, "trigger"].sort());
      for (const node of STEPS) {
        // Every attempt of a step (the interrupted one and its retry) carries the same key.
        expect(new Set(steps.filter((s) => s.nodeId === node).map((s) => s.idempotencyKey))).toEqual(new Set([`${id}:${node}:`]));
        expect(seen.get(`${id}:${node}:`) ?? 0).toBeGreaterThanOrEqual(1);
      }
    }
    // The HTTP server saw only the steps' own keys: no effect under a second key.
    const expected = new Set(runIds.flatMap((id) => STEPS.map((n) => `${id}:${n}:`)));
    expect([...seen.keys()].filter((k) => !expected.has(k))).toEqual([]);
    // The runs worker a held were taken over by worker b (the only one left): a second claim after the lease expired.
    for (const id of heldByA) {
      const run = await t.db.run.findUniqueOrThrow({ where: { id } });
      expect(run.claimCount).toBeGreaterThanOrEqual(2);
    }
    // The requests cut by the kill were delivered again, under the same key (checked above: no other key exists).
    for (const key of cut) expect(seen.get(key)).toBeGreaterThanOrEqual(2);
    await b.stop();
    expect(b.child.exitCode).toBe(0);
  });
});
