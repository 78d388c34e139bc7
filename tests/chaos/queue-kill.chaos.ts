import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { createQueueProducer } from "@/server/runtime/runtime";
import type { BullmqDispatcher } from "@/server/queue/bullmq";
import { startWorker, waitFor, type ServerProcess } from "../crash/harness";
import { analyze, summaryLine, type KillRecord } from "./analyze";
import { startCounterServer, type CounterServer } from "./counter-server";
import { chaosOptions, rng } from "./options";
import { createWorkload } from "./workload";

/**
 * Issue 13 item 11, chaos in queue mode: two worker processes (`scripts/worker.ts`,
 * QUEUE_MODE=bullmq, real Redis on a dedicated DB index, a unique queue prefix)
 * on the test database (PostgreSQL with TEST_DATABASE_URL, else one SQLite file
 * shared by both). This process is the producer (a web process with
 * ENGINE_EMBEDDED=false): it commits the workload's runs and enqueues their
 * wake-ups. kill -9 of either worker, chosen at random, at random moments,
 * restarted after a short pause; the other keeps running. Then both settle
 * everything, and the chaos analyzer checks: 0 lost, 0 failed, exactly one
 * SUCCEEDED row per step, 0 duplicate effects (a re-sent request always carries
 * the step's key), 0 completed steps executed again.
 * CHAOS_SEED replays a schedule; CHAOS_LEASE_MS sets the workers' lease.
 */
const o = chaosOptions();
const REDIS_URL = "redis://127.0.0.1:6379/8";
const KILLS = 6;
const RUNS = 24;
const BACKLOG = 12;
const SETTLE_MS = 25_000;
const FINAL = ["COMPLETED", "FAILED", "CANCELLED", "SKIPPED"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("chaos: queue mode, kill -9 of either of two workers at random", () => {
  let t: TestDb;
  let ws: TestWorkspace;
  let counter: CounterServer;
  let producer: BullmqDispatcher;
  let redis: Redis;
  const workers: ServerProcess[] = [];
  const prefix = `sy-chaos-${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    t = await createTestDb();
    ws = await seedTestWorkspace(t.db, "chaos-queue");
    counter = await startCounterServer();
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    producer = createQueueProducer({ redisUrl: REDIS_URL, queuePrefix: prefix });
    await producer.start();
  });
  afterAll(async () => {
    for (const w of workers) await w.kill9();
    await producer?.stop();
    const keys = (await redis?.keys(`${prefix}:*`)) ?? [];
    if (keys.length) await redis.del(...keys);
    redis?.disconnect();
    await counter?.close();
    await t?.cleanup();
  });

  it(
    `${KILLS} kills of either worker: nothing lost, every step succeeds once, no duplicate effect`,
    async () => {
      const random = rng(o.CHAOS_SEED);
      const workerEnv = {
        QUEUE_MODE: "bullmq",
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        QUEUE_SWEEP_MS: "500",
        ENGINE_LEASE_MS: String(o.CHAOS_LEASE_MS),
        ENGINE_TICK_MS: "50",
        ENGINE_CONCURRENCY: "8",
      };
      const start = () => startWorker(t.url, workerEnv);
      workers.push(start(), start());
      for (const w of workers) await waitFor("the worker ready", async () => w.output().includes("switchyard worker ready"), 30_000, w);

      const workload = await createWorkload(t.db, ws.workspaceId, counter.url);
      await workload.add(RUNS, random.next);
      const started = Date.now();
      const kills: KillRecord[] = [];
      const victims: number[] = [];
      let upAt = [Date.now(), Date.now()];
      for (let k = 0; k < KILLS; k++) {
        const unfinished = await t.db.run.count({ where: { id: { in: workload.runs.map((r) => r.runId) }, status: { notIn: FINAL } } });
        if (unfinished < BACKLOG) await workload.add(BACKLOG, random.next);
        await sleep(random.between(1000, 2500));
        for (const x of workers) if (x.child.exitCode !== null) throw new Error(`a worker exited (${x.child.exitCode})\n${x.output().slice(-4000)}`);
        // What each worker holds right now (its pid is in the lease owner). The victim is drawn at
        // random among the workers holding runs (either, when neither does within ~2 s): a kill
        // of an idle worker proves nothing.
        const heldBy = (pid: number | undefined) =>
          t.db.run.findMany({ where: { status: "RUNNING", leaseOwner: { contains: `:${pid}:` } }, select: { claimCount: true } });
        let holding: number[] = [];
        for (let wait = 0; wait < 10 && holding.length === 0; wait++) {
          if (wait > 0) await sleep(200);
          const counts = await Promise.all(workers.map(async (x) => (await heldBy(x.child.pid)).length));
          holding = counts.flatMap((n, idx) => (n > 0 ? [idx] : []));
        }
        const pool = holding.length > 0 ? holding : [0, 1];
        const i = pool[Math.floor(random.next() * pool.length)] as number;
        const w = workers[i] as ServerProcess;
        const held = await heldBy(w.child.pid);
        const httpInFlight = counter.inFlight();
        const firstRequest = counter.effects.find((e) => e.at >= (upAt[i] as number));
        const upMs = Date.now() - (upAt[i] as number);
        await w.kill9();
        kills.push({ recovery: false, tookOver: held.some((r) => r.claimCount > 1), upMs, httpInFlight, runningRuns: held.length, firstRequestMs: firstRequest ? firstRequest.at - (upAt[i] as number) : null });
        victims.push(i);
        await sleep(random.between(200, 600));
        const restarted = start();
        workers[i] = restarted;
        // The next kill may hit either worker, so both must be up and claiming work again.
        await waitFor("the restarted worker ready", async () => restarted.output().includes("switchyard worker ready"), 30_000, restarted);
        upAt = upAt.map((at, j) => (j === i ? Date.now() : at));
      }
      const chaosMs = Date.now() - started;

      const ids = workload.runs.map((r) => r.runId);
      const settled = await waitFor(
        "every run in a final state",
        async () => (await t.db.run.count({ where: { id: { in: ids }, status: { in: FINAL } } })) === ids.length && counter.inFlight() === 0,
        SETTLE_MS,
      ).then(
        () => true,
        () => false,
      );
      const report = await analyze(t.db, workload, counter.effects, kills);
      const outputs = workers.map((w) => w.output());
      for (const w of workers) await w.stop();

      process.stdout.write(
        `\n${summaryLine(report, o.CHAOS_SEED).replace(/^chaos:/, "chaos (queue mode, 2 workers):")}\n` +
          `  lease ${o.CHAOS_LEASE_MS} ms, ${Math.round(chaosMs / 1000)} s of chaos, settled: ${settled}, killed: ${victims.map((i) => "ab"[i]).join("")}\n` +
          `  kills (+ held a taken-over run, @ms after ready, HTTP in flight, runs it held): ${kills.map((k) => `${k.tookOver ? "+" : ""}@${k.upMs}ms/http${k.httpInFlight}/run${k.runningRuns}`).join(" ")}\n` +
          `  error codes: ${JSON.stringify(report.errorCodes)}\n` +
          [...report.lost.slice(0, 5), ...report.failed.slice(0, 5), ...report.stepViolations.slice(0, 5), ...report.duplicateEffectSteps.slice(0, 5), ...report.sendsAfterSuccess.slice(0, 5)]
            .map((l) => `  ${l}\n`)
            .join("") +
          (settled ? "" : outputs.map((out, i) => `--- worker ${"ab"[i]} output ---\n${out.slice(-3000)}\n`).join("")),
      );

      expect(report.lost).toEqual([]);
      expect(report.failed).toEqual([]);
      expect(report.stepViolations).toEqual([]);
      expect(report.runningStepRows).toBe(0);
      expect(report.missingEffects).toEqual([]);
      expect(report.wrongKeys).toEqual([]);
      expect(report.duplicateEffects).toBe(0);
      expect(report.sendsAfterSuccess).toEqual([]);
      expect(report.completed).toBe(report.runs);
      expect(kills).toHaveLength(KILLS);
      // Kills landed on busy workers: most of them with runs held (their leases had to expire and be swept).
      expect(kills.filter((k) => k.runningRuns > 0).length).toBeGreaterThanOrEqual(KILLS / 2);
    },
    120_000,
  );
});
