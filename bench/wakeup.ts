/**
 * Cross-process wake-up latency: `npm run bench:wakeup`.
 *
 * A standalone worker process (`scripts/worker.ts`) runs on a fresh PostgreSQL
 * database with polling slowed to once every 5 s, so only the wake-up path
 * (NOTIFY on commit → LISTEN in the worker → claim) can start runs quickly.
 * This process creates runs one at a time (createRun, as the web process does)
 * and measures createRun's call → the run's first step started in the worker
 * (Run.startedAt, written by the worker's first commit). Prints p50/p95/max.
 * PostgreSQL only (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { createDb, prepareDb, providerOf } from "../server/db";
import { migrateDatabase } from "../server/db/migrate";
import { pgAdmin, quoteIdent, withDatabase } from "../server/db/migrate-adapters";
import { createRun } from "../server/services/runs/create-run";
import { seedAutomation, type BenchGraph } from "./setup";

const ROOT = path.resolve(import.meta.dirname, "..");
const RUNS = 50;
const base = process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : "postgres://postgres@127.0.0.1:5432/test";

const graph: BenchGraph = {
  nodes: [
    { id: "trigger", type: "manual", name: "Trigger", config: { sampleData: {} }, position: { x: 0, y: 0 } },
    { id: "a", type: "set_variables", name: "a", config: { variables: [{ key: "x", value: "1" }] }, position: { x: 0, y: 0 } },
  ],
  edges: [{ id: "e1", source: "trigger", sourceHandle: "next", target: "a" }],
};

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

async function main(): Promise<void> {
  if (providerOf(base) !== "postgresql") throw new Error("bench:wakeup needs PostgreSQL");
  const name = `switchyard_wakeup_${Date.now()}`;
  await pgAdmin(base, `CREATE DATABASE ${quoteIdent(name)}`);
  const url = withDatabase(base, name);
  const worker = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, ENGINE_TICK_MS: "5000", LOG_LEVEL: "warn", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await migrateDatabase(url);
    const db = createDb(url);
    await prepareDb(db, url);
    const { workspaceId, automationId } = await seedAutomation(db, graph);
    await new Promise<void>((resolve, reject) => {
      worker.stdout?.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
      worker.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
    });
    // Let the worker's listener connect and its first (slow) tick pass.
    await new Promise((r) => setTimeout(r, 500));
    const latencies: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = Date.now();
      const { runId } = await createRun({ workspaceId, automationId, triggerType: "manual" }, db);
      for (;;) {
        const run = await db.run.findUnique({ where: { id: runId }, select: { startedAt: true } });
        if (run?.startedAt) {
          latencies.push(run.startedAt.getTime() - t0);
          break;
        }
        if (Date.now() - t0 > 10_000) throw new Error(`run ${runId} did not start within 10 s`);
        await new Promise((r) => setTimeout(r, 2));
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    latencies.sort((a, b) => a - b);
    console.log(`createRun → first step started in another process (PostgreSQL, ${RUNS} runs, polling every 5 s):`);
    console.log(`  p50 ${pct(latencies, 50)} ms · p95 ${pct(latencies, 95)} ms · max ${latencies[latencies.length - 1]} ms (target p50 ≤ 50 ms)`);
    await db.$disconnect();
  } finally {
    worker.kill("SIGKILL");
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
