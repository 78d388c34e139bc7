import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { Queue } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ProbeDeps } from "@/server/ops/probes";
import { readiness } from "@/server/ops/probes";
import { RUN_QUEUE_NAME } from "@/server/queue/bullmq";
import { createEngineRuntime, createQueueProducer, type EngineRuntime } from "@/server/runtime/runtime";
import { createRun } from "@/server/services/runs/create-run";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { startTcpProxy } from "../support/tcp-proxy";
import { scheduledAutomation } from "../triggers/schedule-helpers";
import { chain, createAutomation, engineEnv, http, node, setVars, startServer, stepsOf, trigger, waitFor, type TestServer } from "../engine/helpers";

/**
 * Issue 13 item 1, QUEUE_MODE=bullmq on real Redis and a real database (SQLite
 * file, or PostgreSQL with TEST_DATABASE_URL): a producer-only process (engine
 * off) commits runs and enqueues wake-up jobs, two worker runtimes consume them;
 * delays come back through delayed jobs; with Redis emptied the database sweep
 * still completes every run; with Redis unreachable runs are still accepted
 * (QUEUED in the database) and readiness says degraded.
 *
 * Redis: database index 6 and a key prefix of its own per test run, so parallel
 * test files (and the two database variants) never touch each other's keys.
 */
engineEnv({ ENGINE_LEASE_MS: "3000" });
const REDIS_URL = "redis://127.0.0.1:6379/6";
const CLOSED_REDIS_URL = "redis://127.0.0.1:1";

describe("QUEUE_MODE=bullmq", () => {
  let t: TestDb;
  let ws: TestWorkspace;
  let api: TestServer;
  let redis: Redis;
  const prefix = `sy-test-${randomBytes(4).toString("hex")}`;
  /** requests per Idempotency-Key */
  const seen = new Map<string, number>();
  const stops: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    t = await createTestDb();
    ws = await seedTestWorkspace(t.db, "bullmq");
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    api = await startServer((req, res) => {
      const key = String(req.headers["idempotency-key"] ?? "");
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      // /slow: the first delivery of a key outlasts any grace period.
      // /busy: long enough that one worker's 4 slots cannot keep up with the runs being created (both must take a share).
      const delay = req.url === "/slow" && n === 1 ? 20_000 : req.url === "/busy" ? 250 : 30;
      setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true })), delay).unref();
    });
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });
  afterAll(async () => {
    await flushPrefix();
    redis.disconnect();
    await api.close();
    await t.cleanup();
  });

  /** "Redis restarted empty" for this test's keys: every key under the prefix is deleted. */
  async function flushPrefix(): Promise<number> {
    let cursor = "0";
    let deleted = 0;
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== "0");
    return deleted;
  }

  async function producer(redisUrl = REDIS_URL) {
    const p = createQueueProducer({ redisUrl, queuePrefix: prefix });
    await p.start();
    stops.push(() => p.stop());
    return p;
  }

  /** A worker runtime in queue mode; `executed` collects the run ids it finished. */
  async function worker(sweepMs: number, redisUrl = REDIS_URL): Promise<{ rt: EngineRuntime; executed: string[] }> {
    const executed: string[] = [];
    const rt = createEngineRuntime({
      db: t.db,
      queueMode: "bullmq",
      redisUrl,
      queuePrefix: prefix,
      sweepMs,
      redisConnectTimeoutMs: 500,
      concurrency: 4,
      registerSignal: false,
      onResult: (runId, r) => {
        if (r.kind === "finished" && r.status === "COMPLETED") executed.push(runId);
      },
    });
    await rt.dispatcher.start();
    stops.push(() => rt.dispatcher.stop({ graceMs: 2000 }));
    return { rt, executed };
  }

  async function start(automationId: string, n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual", triggerData: { i } }, t.db)).runId);
    return ids;
  }

  async function allCompleted(runIds: string[], timeoutMs = 15_000): Promise<void> {
    await waitFor(
      `${runIds.length} runs completed`,
      async () => (await t.db.run.count({ where: { id: { in: runIds }, status: "COMPLETED" } })) === runIds.length,
      timeoutMs,
      25,
    );
  }

  async function expectEachStepOnce(runIds: string[], nodeIds: string[]): Promise<void> {
    for (const id of runIds) {
      const steps = await stepsOf(t.db, id);
      expect(steps.map((s) => [s.nodeId, s.status])).toEqual(nodeIds.map((n) => [n, "SUCCEEDED"]));
    }
  }

  it("a producer-only process enqueues; two workers consume through jobs; every run completes exactly once", async () => {
    const graph = chain([trigger(), http("call", `${api.url}/busy`), setVars("after", { done: "yes" })]);
    const { automationId } = await createAutomation(t.db, ws.workspaceId, graph);
    await producer();
    // The sweep runs once at start (nothing is due yet) and then only after a minute: the jobs do the work.
    const a = await worker(60_000);
    const b = await worker(60_000);
    const runIds = await start(automationId, 24);
    await allCompleted(runIds);
    await expectEachStepOnce(runIds, ["trigger", "call", "after"]);
    for (const id of runIds) expect(seen.get(`${id}:call:`)).toBe(1);
    // Each run finished exactly once, and both workers took a share.
    expect([...a.executed, ...b.executed].sort()).toEqual([...runIds].sort());
    expect(a.executed.length).toBeGreaterThan(0);
    expect(b.executed.length).toBeGreaterThan(0);
  });

  it("a delay resumes through a delayed job (no sweep), and after Redis lost every key the sweep completes the runs", async () => {
    const graph = chain([trigger(), node("wait", "delay", { mode: "duration", amount: 1, unit: "seconds" }), setVars("after", { x: "1" })]);
    const { automationId } = await createAutomation(t.db, ws.workspaceId, graph);
    await producer();
    const queue = new Queue(RUN_QUEUE_NAME, { connection: { url: REDIS_URL }, prefix });
    stops.push(() => queue.close());

    // 1) Delayed jobs: the sweep would only come after a minute.
    const w1 = await worker(60_000);
    const first = await start(automationId, 3);
    await waitFor("paused runs", async () => (await t.db.run.count({ where: { id: { in: first }, status: "PAUSED" } })) === first.length, 10_000);
    expect(await queue.getDelayedCount()).toBeGreaterThanOrEqual(first.length);
    await allCompleted(first, 10_000);
    await expectEachStepOnce(first, ["trigger", "wait", "after"]);
    expect(w1.executed.filter((id) => first.includes(id)).sort()).toEqual([...first].sort());
    await w1.rt.dispatcher.stop();

    // 2) Redis emptied while runs wait on their delayed jobs: the database sweep (300 ms here) resumes them.
    const w2 = await worker(300);
    const second = await start(automationId, 4);
    await waitFor("paused runs", async () => (await t.db.run.count({ where: { id: { in: second }, status: "PAUSED" } })) === second.length, 10_000);
    expect(await flushPrefix()).toBeGreaterThan(0);
    expect(await queue.getDelayedCount()).toBe(0);
    await allCompleted(second, 10_000);
    await expectEachStepOnce(second, ["trigger", "wait", "after"]);
    // New runs after the loss go through jobs again.
    const third = await start(automationId, 2);
    await allCompleted(third, 10_000);
    expect([...w2.executed].filter((id) => second.includes(id) || third.includes(id)).length).toBe(second.length + third.length);
  });

  it("schedules fire through delayed jobs planned by the workers (no ticker), once per tick with two workers; after Redis lost its keys the next sweep plans them again", async () => {
    const { automationId, schedule } = await scheduledAutomation(t.db, ws.workspaceId, { cron: "* * * * *" }, { name: "Every minute (queue)" });
    expect(schedule?.active).toBe(true);
    const scheduleId = schedule!.id;
    const queue = new Queue(RUN_QUEUE_NAME, { connection: { url: REDIS_URL }, prefix });
    stops.push(() => queue.close());
    const dueIn = async (ms: number) => {
      const at = new Date(Date.now() + ms);
      await t.db.schedule.update({ where: { id: scheduleId }, data: { nextFireAt: at } });
      return at;
    };
    const firesOf = (at: Date) => t.db.scheduleFire.findMany({ where: { scheduleId, scheduledFor: at } });

    // 1) A tick 1.5 s away; no schedule ticker runs here, and the sweeps are a minute apart: only the
    //    delayed job planned by each worker's first sweep can fire it. Both workers plan it: one job.
    const first = await dueIn(1_500);
    await worker(60_000);
    await worker(60_000);
    expect((await queue.getDelayed()).filter((j) => j.id === `sched.${scheduleId}.${first.getTime()}`)).toHaveLength(1);
    await waitFor("the tick fired", async () => (await firesOf(first)).length === 1, 6_000, 25);
    const fired = (await firesOf(first))[0]!;
    expect(fired.firedAt.getTime() - first.getTime()).toBeLessThan(1_500);
    expect(fired.runsStarted).toBe(1);
    await waitFor("its run completed", async () => (await t.db.run.count({ where: { automationId, status: "COMPLETED" } })) === 1, 6_000, 25);
    // The fired job planned the next tick (the schedule's next minute) as a delayed job.
    const next = (await t.db.schedule.findUniqueOrThrow({ where: { id: scheduleId } })).nextFireAt!;
    expect(next.getTime()).toBeGreaterThan(first.getTime());
    expect((await queue.getDelayed()).map((j) => j.id)).toContain(`sched.${scheduleId}.${next.getTime()}`);
    await new Promise((r) => setTimeout(r, 300));
    expect(await firesOf(first)).toHaveLength(1);
    for (const stop of stops.splice(0).reverse()) await stop();

    // 2) Redis lost every key (the planned job with it): a worker's next sweep (300 ms) plans the tick again.
    const q2 = new Queue(RUN_QUEUE_NAME, { connection: { url: REDIS_URL }, prefix });
    stops.push(() => q2.close());
    await flushPrefix();
    const second = await dueIn(1_200);
    await worker(300);
    await waitFor("the second tick fired", async () => (await firesOf(second)).length === 1, 6_000, 25);
    expect(await t.db.run.count({ where: { automationId } })).toBe(2);
    // The schedule stops here: the next tests' workers must not fire its next minute.
    await t.db.schedule.update({ where: { id: scheduleId }, data: { active: false, nextFireAt: null } });
  });

  it("graceful stop: a run still in a step after the grace is handed back with a new job, and another worker continues it at once", async () => {
    const graph = chain([trigger(), http("slow", `${api.url}/slow`, { timeoutMs: 60_000 }), setVars("after", { done: "yes" })]);
    const { automationId } = await createAutomation(t.db, ws.workspaceId, graph);
    await producer();
    const a = await worker(60_000);
    const [runId] = await start(automationId, 1);
    const id = runId as string;
    await waitFor("the slow step in flight", async () => (await t.db.stepRun.count({ where: { runId: id, nodeId: "slow", status: "RUNNING" } })) === 1, 10_000);
    // b starts now: its first sweep finds the run leased (3 s) and its next sweep is a minute away,
    // so only the hand-back's job can start the run on b within the next seconds.
    const b = await worker(60_000);
    const t0 = Date.now();
    const summary = await a.rt.dispatcher.stop({ graceMs: 200 });
    expect(summary).toEqual({ inFlight: 1, finished: 0, handedBack: 1, abandoned: 0 });
    await allCompleted([id], 10_000);
    expect(Date.now() - t0).toBeLessThan(2_500);
    expect(b.executed).toEqual([id]);
    const steps = await stepsOf(t.db, id);
    expect(steps.filter((s) => s.nodeId === "slow").map((s) => [s.attempt, s.status, s.idempotencyKey])).toEqual([
      [1, "FAILED", `${id}:slow:`],
      [2, "SUCCEEDED", `${id}:slow:`],
    ]);
    expect(seen.get(`${id}:slow:`)).toBe(2);
  });

  it("Redis unreachable: creating a run still succeeds (QUEUED in the database), readiness is degraded, a worker's sweep runs it later", async () => {
    const graph = chain([trigger(), setVars("v", { x: "1" })]);
    const { automationId } = await createAutomation(t.db, ws.workspaceId, graph);
    const p = createQueueProducer({ redisUrl: CLOSED_REDIS_URL, queuePrefix: prefix, connectTimeoutMs: 500 });
    const t0 = Date.now();
    await p.start();
    stops.push(() => p.stop());
    expect(Date.now() - t0).toBeLessThan(5_000);
    const [runId] = await start(automationId, 1);
    expect(runId).toBeTruthy();
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("QUEUED");

    const deps: ProbeDeps = {
      databaseUrl: t.url,
      db: async () => t.db,
      engineExpected: false,
      engine: () => null,
      queueMode: "bullmq",
      redisUrl: CLOSED_REDIS_URL,
      timeoutMs: 1_000,
    };
    const r = await readiness(deps);
    expect(r.status).toBe("degraded");
    expect(r.checks.find((c) => c.name === "redis")).toMatchObject({ status: "fail", detail: expect.stringContaining("cannot reach Redis") });
    expect(r.checks.filter((c) => c.status === "fail").map((c) => c.name)).toEqual(["redis"]);

    // A worker without Redis keeps executing through its database sweep; its stop does not wait for Redis.
    const w = await worker(200, CLOSED_REDIS_URL);
    await allCompleted([runId as string], 10_000);
    expect(w.executed).toEqual([runId]);
    const t1 = Date.now();
    await w.rt.dispatcher.stop();
    expect(Date.now() - t1).toBeLessThan(3_000);
  });

  it("Redis goes away and comes back: runs created meanwhile are accepted, and claimed as soon as Redis returns; jobs flow again", async () => {
    const graph = chain([trigger(), setVars("v", { x: "1" })]);
    const { automationId } = await createAutomation(t.db, ws.workspaceId, graph);
    const proxy = await startTcpProxy(6379);
    stops.push(() => proxy.close());
    const url = `redis://127.0.0.1:${proxy.port}/6`;
    const p = createQueueProducer({ redisUrl: url, queuePrefix: prefix });
    await p.start();
    stops.push(() => p.stop());
    // The sweep is a minute away: only jobs, and the claim pass on reconnect, start runs here.
    const w = await worker(60_000, url);
    const before = await start(automationId, 2);
    await allCompleted(before, 5_000);

    await proxy.down();
    const during = await start(automationId, 2);
    await new Promise((r) => setTimeout(r, 400));
    expect(await t.db.run.count({ where: { id: { in: during }, status: "QUEUED" } })).toBe(during.length);

    await proxy.up();
    await allCompleted(during, 10_000);
    const after = await start(automationId, 2);
    await allCompleted(after, 5_000);
    expect([...w.executed].sort()).toEqual([...before, ...during, ...after].sort());
  });
});

/** A TCP proxy to the local Redis that can drop every connection and refuse new ones (Redis down) and come back on the same port. */
