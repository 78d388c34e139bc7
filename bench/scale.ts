/**
 * Scale-out in queue mode: `npm run bench:scale` (options: `-- --runs N`, env
 * `ENGINE_CONCURRENCY` = per-worker concurrency, default 8; `BENCH_LATENCY_MS` = the
 * local server's answer delay, default 50; `DATABASE_URL`, default
 * postgres://postgres@127.0.0.1:5432/test; `REDIS_URL`, default redis://127.0.0.1:6379/6).
 *
 * An I/O-bound workload — trigger → two HTTP steps to a local server that answers
 * after 50 ms — on a fresh PostgreSQL database with QUEUE_MODE=bullmq, executed by
 * 1, 2 and 4 worker processes (`scripts/worker.ts`) at the same per-worker
 * concurrency. For each size: the workers start and report ready, the runs are
 * committed QUEUED with no job (the workers' sweep is slowed to 10 minutes), then
 * one job per run is added at once (addBulk) and the clock runs until every run
 * is COMPLETED. Prints runs/s and the speed-up against one worker.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Queue } from "bullmq";
import { createDb, prepareDb, providerOf, type Db } from "../server/db";
import { migrateDatabase } from "../server/db/migrate";
import { pgAdmin, quoteIdent, withDatabase } from "../server/db/migrate-adapters";
import { RUN_QUEUE_NAME } from "../server/queue/bullmq";
import { createRun } from "../server/services/runs/create-run";
import { cpuBenchGraph, seedAutomation, type BenchGraph } from "./setup";
import { cpuPerRun, cpuSnapshot } from "./proc-cpu";

const ROOT = path.resolve(import.meta.dirname, "..");
const base = process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : "postgres://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/6";
const CONCURRENCY = Number(process.env.ENGINE_CONCURRENCY ?? 8);
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 400;
/** `--rounds N`: measure the sizes in turn N times (default 3; odd, for a median) */
const roundsArg = process.argv.indexOf("--rounds");
const ROUNDS = roundsArg > 0 ? Math.max(1, Number(process.argv[roundsArg + 1])) : 3;
/** untimed runs per worker before each measurement */
const WARMUP = 200;
const sizesArg = process.argv.indexOf("--sizes");
const SIZES = sizesArg > 0 ? (process.argv[sizesArg + 1] ?? "").split(",").map(Number).filter((n) => n > 0) : [1, 2, 4];
/** `--no-cpu-bound`: skip the CPU-bound figures */
const CPU_BOUND = !process.argv.includes("--no-cpu-bound");
/** BENCH_PROFILE_DIR: workers write V8 CPU profiles there (they are stopped with SIGTERM so the profile is written) */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
/** the local server's answer delay (the I/O a step waits on) */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
/** processes whose CPU is reported beside the workers' */
const CPU_NAMES = ["postgres", "redis-server"];

function graphFor(url: string): BenchGraph {
  const http = (id: string) => ({ id, type: "http_request", name: id, config: { method: "POST", url: `${url}/${id}`, bodyType: "json", body: "{}" }, position: { x: 0, y: 0 } });
  return {
    nodes: [{ id: "trigger", type: "manual", name: "Trigger", config: { sampleData: {} }, position: { x: 0, y: 0 } }, http("a"), http("b")],
    edges: [
      { id: "e1", source: "trigger", sourceHandle: "next", target: "a" },
      { id: "e2", source: "a", sourceHandle: "next", target: "b" },
    ],
  };
}

function startWorker(url: string, prefix: string): { child: ChildProcess; ready: Promise<void> } {
  const profile = PROFILE_DIR ? ["--cpu-prof", "--cpu-prof-dir", PROFILE_DIR] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "scripts/worker.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      QUEUE_MODE: "bullmq",
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      QUEUE_SWEEP_MS: "600000",
      ENGINE_CONCURRENCY: String(CONCURRENCY),
      HTTP_ALLOWLIST: "127.0.0.1",
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => d.toString().includes("worker ready") && resolve());
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
  });
  return { child, ready };
}

/**
 * Before a timed batch: VACUUM ANALYZE the run tables (what autovacuum would have done by then; it may be
 * off, as on this machine, and the earlier sizes left dead rows behind) and CHECKPOINT (so a timed
 * checkpoint is unlikely to land inside the batch) — every size starts from the same kind of database,
 * as pgbench vacuums before each test.
 */
async function settleDatabase(db: Db): Promise<void> {
  await db.$executeRawUnsafe(`VACUUM (ANALYZE) "Run", "StepRun", "RunEvent", "RunData"`);
  await db.$executeRawUnsafe("CHECKPOINT").catch(() => undefined); // needs superuser or pg_checkpoint
}

/**
 * Commits `count` QUEUED runs (no job: no signal handler in this process), then adds one job per run at
 * once (addBulk) and waits until every run of the automation is COMPLETED; runs/s and CPU per run from
 * the moment the jobs are added.
 */
async function runBatch(
  db: Db, queue: Queue, automationId: string, workspaceId: string, count: number, triggerData?: (i: number) => Record<string, unknown>, pids: number[] = [],
): Promise<{ rate: number; cpu: string }> {
  const runIds: string[] = [];
  for (let i = 0; i < count; i++) runIds.push((await createRun({ workspaceId, automationId, triggerType: "manual", ...(triggerData ? { triggerData: triggerData(i) } : {}) }, db)).runId);
  if (pids.length > 0) await settleDatabase(db);
  const cpu0 = cpuSnapshot(pids, CPU_NAMES);
  const t0 = performance.now();
  await queue.addBulk(runIds.map((runId) => ({ name: "wake", data: { runId }, opts: { jobId: `${runId}.0`, removeOnComplete: true, removeOnFail: true } })));
  // Earlier runs of the automation (the warm-up) are all COMPLETED: poll its unfinished count, every 250 ms while more
  // than 5 % are left, then every 20 ms (the bench's own CPU competes with the workers for the 2 cores).
  for (;;) {
    const left = await db.run.count({ where: { automationId, status: { not: "COMPLETED" } } });
    if (left === 0) break;
    if (performance.now() - t0 > 180_000) throw new Error(`${left}/${count} runs not completed after 3 minutes`);
    await new Promise((r) => setTimeout(r, left > count / 20 ? 250 : 20));
  }
  const seconds = (performance.now() - t0) / 1000;
  return { rate: count / seconds, cpu: cpuPerRun(cpu0, cpuSnapshot(pids, CPU_NAMES), count) };
}

async function measure(db: Db, url: string, automationId: string, workspaceId: string, workers: number, triggerData?: (i: number) => Record<string, unknown>): Promise<{ rate: number; cpu: string }> {
  const prefix = `sy-bench-${Date.now()}-${workers}`;
  const procs = Array.from({ length: workers }, () => startWorker(url, prefix));
  const queue = new Queue(RUN_QUEUE_NAME, { connection: { url: REDIS_URL }, prefix });
  try {
    await Promise.all(procs.map((p) => p.ready));
    // Every measurement starts from empty run tables: otherwise each size (and round) runs on the rows
    // and index growth the earlier ones left, and PostgreSQL's cost per run rises from one to the next.
    await db.$executeRawUnsafe(`TRUNCATE "Run" CASCADE`);
    // Warm-up: each worker executes WARMUP runs first (untimed), so the timed batch measures workers whose
    // code is compiled and whose connection pools are open — not V8's warm-up, which would weigh more on
    // the larger sizes (each of their workers executes fewer timed runs).
    await runBatch(db, queue, automationId, workspaceId, WARMUP * workers, triggerData);
    const pids = procs.map((p) => p.child.pid ?? 0);
    const timed = await runBatch(db, queue, automationId, workspaceId, RUNS, triggerData, pids);
    return timed;
  } finally {
    if (PROFILE_DIR) await Promise.all(procs.map((p) => new Promise((resolve) => p.child.once("exit", resolve).kill("SIGTERM"))));
    else for (const p of procs) p.child.kill("SIGKILL");
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

async function main(): Promise<void> {
  if (providerOf(base) !== "postgresql") throw new Error("bench:scale needs PostgreSQL");
  const api = createServer((req, res) => {
    req.resume();
    req.on("end", () => setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'), LATENCY_MS));
  });
  api.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  const name = `switchyard_scale_${Date.now()}`;
  await pgAdmin(base, `CREATE DATABASE ${quoteIdent(name)}`);
  const url = withDatabase(base, name);
  try {
    await migrateDatabase(url);
    const db = createDb(url);
    await prepareDb(db, url);
    const { workspaceId, automationId } = await seedAutomation(db, graphFor(apiUrl));
    console.log(`queue mode scale-out: ${RUNS} runs of trigger → 2 HTTP steps (${LATENCY_MS} ms each), ENGINE_CONCURRENCY=${CONCURRENCY} per worker, PostgreSQL + Redis`);
    // Rounds: the sizes are measured in turn, round after round, and each round's speed-ups are taken
    // against that round's one-worker figure (paired). On a shared 2-core VM the machine's speed drifts
    // by tens of percent between minutes; interleaving keeps a drift from landing on one size only.
    const speedups = new Map<number, number[]>();
    for (let round = 1; round <= ROUNDS; round++) {
      if (ROUNDS > 1) console.log(` round ${round} of ${ROUNDS}`);
      const results = new Map<number, number>();
      for (const n of SIZES) {
        const { rate, cpu } = await measure(db, url, automationId, workspaceId, n);
        results.set(n, rate);
        const one = results.get(1);
        if (one) speedups.set(n, [...(speedups.get(n) ?? []), rate / one]);
        const up = one ? ` · speed-up ${(rate / one).toFixed(2)}×` : "";
        console.log(`  ${n} worker${n > 1 ? "s" : " "}: ${rate.toFixed(1)} runs/s${up}${n === 2 ? " (target ≥ 1.8×)" : ""} · ${cpu}`);
      }
    }
    if (ROUNDS > 1) {
      for (const [n, ups] of speedups) {
        if (n === 1) continue;
        const sorted = [...ups].sort((a, b) => a - b);
        const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
        console.log(`  ${n} workers, ${ROUNDS} rounds: median speed-up ${median.toFixed(2)}× (rounds: ${ups.map((u) => u.toFixed(2)).join(", ")})${n === 2 ? " (target ≥ 1.8×)" : ""}`);
      }
    }
    if (!CPU_BOUND) return;
    // CPU-bound: the 6-node graph of bench:engine (no I/O), 1 and 2 workers. Each worker is a Node
    // process using up to one core, next to PostgreSQL, Redis and this bench on a 2-core machine.
    const cpu = await seedAutomation(db, cpuBenchGraph, "Bench CPU");
    console.log(`CPU-bound: ${RUNS} runs of the 6-node graph (trigger → condition → 3 × set_variables → stop), no I/O — caveat: this machine has 2 cores, shared by the workers, PostgreSQL, Redis and the bench`);
    const cpuRates = new Map<number, number>();
    for (const n of [1, 2]) {
      const { rate, cpu: used } = await measure(db, url, cpu.automationId, cpu.workspaceId, n, (i) => ({ amount: 50 + i, customer: `c${i}` }));
      cpuRates.set(n, rate);
      console.log(`  ${n} worker${n > 1 ? "s" : " "}: ${rate.toFixed(1)} runs/s · speed-up ${(rate / (cpuRates.get(1) ?? rate)).toFixed(2)}× · ${used}`);
    }
    await db.$disconnect();
  } finally {
    api.close();
    await pgAdmin(base, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
