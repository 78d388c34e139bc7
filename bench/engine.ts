/**
 * Engine benchmark: `npm run bench:engine`.
 *
 * 2,000 runs of a 6-node graph — manual trigger → condition → 3 × set_variables → stop —
 * on a fresh SQLite database (and on a fresh PostgreSQL database when DATABASE_URL
 * points at a PostgreSQL server), every step persisted (StepRun + run state in one
 * transaction per step). Counted steps: the 5 non-trigger steps per run (the
 * trigger step is executed and persisted too; "all steps/s" includes it).
 *
 * Per-step overhead = engine time per step (choosing the next item, template
 * resolution, the commit transaction …) minus the node's own execute() time.
 * It is measured in a separate pass with concurrency 1 (with concurrency > 1 a
 * step's wall time also contains the other runs' steps interleaved with it; that
 * figure is printed too, as "latency").
 * Then (SQLite): the memory plateau of one long-lived runtime over 1k/10k/20k runs
 * (bench/rss.ts) and the loop figure, 1,000 iterations with 1 KB vs 10-byte items
 * (bench/loop.ts; on PostgreSQL too).
 * Options: `--runs N` (default 2000); env ENGINE_CONCURRENCY (default 8),
 * BENCH_RSS_RUNS (default 20000; 0 skips the memory part).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { z } from "zod";
import { createDb, prepareDb, providerOf, type Db } from "../server/db";
import { migrateDatabase } from "../server/db/migrate";
import { pgAdmin, quoteIdent, withDatabase } from "../server/db/migrate-adapters";
import { env } from "../server/env";
import { createEngineRuntime } from "../server/runtime/runtime";
import { createRun } from "../server/services/runs/create-run";
import { loopFigures } from "./loop";
import { rssPlateau } from "./rss";
import { cpuBenchGraph, mb, seedAutomation, type BenchGraph } from "./setup";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 2000;
const STEPS_PER_RUN = 5;
// Benches may read process.env (the app reads it only through server/env.ts).
const RSS_RUNS = z.coerce.number().int().min(0).default(20_000).parse(process.env.BENCH_RSS_RUNS || undefined);
// The memory part's HTTP step calls a server on 127.0.0.1 (read by env() on first use, after this line).
process.env.HTTP_ALLOWLIST = [process.env.HTTP_ALLOWLIST, "127.0.0.1"].filter(Boolean).join(",");

const graph: BenchGraph = cpuBenchGraph;

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

interface PassResult {
  createMs: number;
  execMs: number;
  overhead: number[];
  stepRows: number;
  completed: number;
}

async function pass(db: Db, runs: number, concurrency: number): Promise<PassResult> {
  const { workspaceId, automationId } = await seedAutomation(db, graph);
  const overhead: number[] = [];
  let finished = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));
  const rt = createEngineRuntime({
    db,
    concurrency,
    registerSignal: false,
    tickMs: 50,
    onStepTiming: (t) => overhead.push(t.totalMs - t.executeMs),
    onResult: (_id, r) => {
      if (r.kind === "finished" && ++finished === runs) resolveDone();
    },
  });
  const c0 = performance.now();
  for (let i = 0; i < runs; i++) {
    await createRun({ workspaceId, automationId, triggerType: "manual", triggerData: { amount: 50 + i, customer: `c${i}` } }, db);
  }
  const createMs = performance.now() - c0;
  const t0 = performance.now();
  await rt.dispatcher.start();
  await done;
  const execMs = performance.now() - t0;
  await rt.dispose();
  const stepRows = await db.stepRun.count({ where: { workspaceId } });
  const completed = await db.run.count({ where: { workspaceId, status: "COMPLETED" } });
  overhead.sort((a, b) => a - b);
  return { createMs, execMs, overhead, stepRows, completed };
}

async function bench(label: string, url: string): Promise<void> {
  await migrateDatabase(url);
  const db = createDb(url);
  await prepareDb(db, url);
  const concurrency = env().ENGINE_CONCURRENCY;
  const main = await pass(db, RUNS, concurrency);
  const latency = await pass(db, Math.min(RUNS, 500), 1);

  const secs = main.execMs / 1000;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`\n== ${label}: ${RUNS} runs × 6 nodes (trigger → condition → 3 set_variables → stop), concurrency ${concurrency} ==`);
  console.log(`execution:          ${(RUNS / secs).toFixed(0)} runs/s, ${((RUNS * STEPS_PER_RUN) / secs).toFixed(0)} steps/s (5 counted steps/run); ${(main.stepRows / secs).toFixed(0)} persisted steps/s incl. the trigger step`);
  console.log(`per-step overhead:  median ${pct(latency.overhead, 0.5).toFixed(3)} ms, p99 ${pct(latency.overhead, 0.99).toFixed(3)} ms (engine time excl. node execute, concurrency 1, ${latency.overhead.length} steps)`);
  console.log(`step latency:       median ${pct(main.overhead, 0.5).toFixed(3)} ms, p99 ${pct(main.overhead, 0.99).toFixed(3)} ms (same, at concurrency ${concurrency}: includes interleaved runs)`);
  console.log(`run creation:       ${(RUNS / (main.createMs / 1000)).toFixed(0)} runs/s (sequential createRun calls, before execution)`);
  console.log(`end-to-end:         ${(RUNS / ((main.createMs + main.execMs) / 1000)).toFixed(0)} runs/s (creation + execution)`);
  console.log(`peak RSS:           ${rssMb.toFixed(0)} MB`);
  console.log(`check:              ${main.completed}/${RUNS} COMPLETED, ${main.stepRows} StepRun rows (expected ${RUNS * 6})`);
  if (main.completed !== RUNS || main.stepRows !== RUNS * 6 || latency.stepRows !== latency.overhead.length) process.exitCode = 1;

  if (!(await loopFigures(db))) process.exitCode = 1;
  if (label === "SQLite" && RSS_RUNS > 0) {
    console.log(`memory (one long-lived runtime, ${RSS_RUNS} runs of the graph above plus an HTTP step to 127.0.0.1, RSS after a full GC):`);
    const points = await rssPlateau(db, graph, RSS_RUNS, concurrency);
    const at10k = points.find((p) => p.runs === 10_000);
    const end = points.at(-1);
    if (at10k && end && end.runs > at10k.runs) {
      const growth = (end.rss / at10k.rss - 1) * 100;
      const ok = growth <= 10;
      console.log(`memory plateau:     RSS ${mb(at10k.rss)} at 10k → ${mb(end.rss)} at ${end.runs / 1000}k runs: ${growth >= 0 ? "+" : ""}${growth.toFixed(1)} % (limit +10 %) ${ok ? "ok" : "FAILED"}`);
      if (!ok) process.exitCode = 1;
    }
  }
  await db.$disconnect();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-"));
  try {
    await bench("SQLite", `file:${path.join(dir, "bench.db")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = env().DATABASE_URL;
  if (providerOf(url) === "postgresql") {
    const name = `sy_bench_${Date.now()}`;
    await pgAdmin(url, `CREATE DATABASE ${quoteIdent(name)}`);
    try {
      await bench("PostgreSQL", withDatabase(url, name));
    } finally {
      await pgAdmin(url, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
