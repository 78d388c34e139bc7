/**
 * `npm run bench:runs-list`: the runs list and the run detail with 100,000 runs,
 * through HTTP as the browser (tRPC GET batch URL, session cookie) and API
 * clients (REST /api/v1, API key) call them, on SQLite and PostgreSQL.
 *
 * For each database (a fresh SQLite file; a fresh PostgreSQL database created on
 * BENCH_PG_URL's server and dropped at the end): migrate, bulk-insert BENCH_RUNS
 * runs (default 100,000) of 20 automations with 3 steps each and ~250 bytes of
 * trigger data (bench/runs-seed.ts: straight into the database, not through the
 * engine), plus one run with BENCH_BIG_STEPS steps (default 5,000, a big loop);
 * then start the production server as `npm start` does (needs `npm run build`;
 * BENCH_SERVER_ROOT may point at another checkout with a build), sign in, and
 * measure each request at concurrency 1 for BENCH_SECONDS (default 5): p50 / p95.
 *
 *  - runs.list first page (workspace, newest 25) and filtered page
 *    (status FAILED + automation + search over trigger data)
 *  - REST GET /automations/:id/runs first page and the same filtered page
 *  - run detail's first data call: runs.get + runs.steps (first 100) in one batch
 *
 * Env: BENCH_RUNS, BENCH_BIG_STEPS, BENCH_SECONDS, BENCH_DBS ("sqlite,postgres"),
 * BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_PORT
 * (default 3392), BENCH_SERVER_ROOT.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, prepareDb, providerOf } from "../server/db";
import { migrateDatabase } from "../server/db/migrate";
import { pgAdmin, quoteIdent, withDatabase } from "../server/db/migrate-adapters";
import { load, signIn, waitForServer } from "./http";
import { seedAdmin } from "./setup";
import { seedBigRun, seedRuns } from "./runs-seed";

const ROOT = path.resolve(import.meta.dirname, "..");
const SERVER_ROOT = path.resolve(process.env.BENCH_SERVER_ROOT ?? ROOT);
const RUNS = Number(process.env.BENCH_RUNS ?? 100_000);
const BIG_STEPS = Number(process.env.BENCH_BIG_STEPS ?? 5_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const DBS = (process.env.BENCH_DBS ?? "sqlite,postgres").split(",").map((s) => s.trim());
const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PORT = Number(process.env.BENCH_PORT ?? 3392);
const EMAIL = "bench-runs@bench.test";
const PASSWORD = "bench-password-123";

/** Targets of issue 12 (printed next to the figures). */
const TARGETS: Record<string, { db: string; p95: number }> = {
  "tRPC runs.list first page": { db: "sqlite", p95: 20 },
  "tRPC run detail (get + steps)": { db: "any", p95: 300 },
};

/** The URL httpBatchLink sends for one or more queries: GET /api/trpc/a,b?batch=1&input={"0":{"json":…},…}. */
function trpcBatchUrl(base: string, calls: Array<[string, unknown]>): string {
  const input = Object.fromEntries(calls.map(([, json], i) => [String(i), { json }]));
  return `${base}/api/trpc/${calls.map(([p]) => p).join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
}

async function benchDatabase(kind: "sqlite" | "postgres"): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-runs-"));
  let url: string;
  let dropDb: (() => Promise<void>) | null = null;
  if (kind === "sqlite") {
    url = `file:${path.join(dir, "switchyard.db")}`;
  } else {
    const name = `sy_bench_runs_${Date.now()}`;
    await pgAdmin(PG_URL, `CREATE DATABASE ${quoteIdent(name)}`);
    url = withDatabase(PG_URL, name);
    dropDb = () => pgAdmin(PG_URL, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  }
  let server: ReturnType<typeof spawn> | null = null;
  try {
    await migrateDatabase(url);
    const db = createDb(url);
    await prepareDb(db, url);
    const t0 = Date.now();
    const seeded = await seedRuns(db, url, { runs: RUNS, log: (l) => console.log(l) });
    const bigRunId = await seedBigRun(db, url, seeded.workspaceId, seeded.automationIds[0], BIG_STEPS);
    const key = await seedAdmin(db, seeded.workspaceId, EMAIL, PASSWORD);
    if (providerOf(url) === "postgresql") await db.$executeRawUnsafe("ANALYZE");
    console.log(`seeded ${seeded.runs} runs, ${seeded.steps + BIG_STEPS} steps in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await db.$disconnect();

    const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: url, PORT: String(PORT), LOG_LEVEL: "warn", NODE_ENV: "production" as const, API_RATE_LIMIT_PER_MINUTE: "10000000" };
    server = spawn(process.execPath, [path.join(SERVER_ROOT, "scripts/start.mjs")], { cwd: SERVER_ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
    const base = `http://127.0.0.1:${PORT}`;
    await waitForServer(base, server);
    const cookie = await signIn(base, EMAIL, PASSWORD);
    const automationId = seeded.automationIds[1];
    const filtered = { limit: 25, status: ["FAILED"], automationId, search: seeded.searchTerm };
    const api = { authorization: `Bearer ${key}` };
    const cases = [
      { name: "tRPC runs.list first page", url: trpcBatchUrl(base, [["runs.list", { limit: 25 }]]), headers: { cookie } },
      { name: "tRPC runs.list filtered", url: trpcBatchUrl(base, [["runs.list", filtered]]), headers: { cookie } },
      { name: "REST automation runs first page", url: `${base}/api/v1/automations/${automationId}/runs?limit=25`, headers: api },
      { name: "REST automation runs filtered", url: `${base}/api/v1/automations/${automationId}/runs?limit=25&status=failed&search=${seeded.searchTerm}`, headers: api },
      {
        name: "tRPC run detail (get + steps)",
        url: trpcBatchUrl(base, [["runs.get", { runId: bigRunId }], ["runs.steps", { runId: bigRunId, limit: 100 }]]),
        headers: { cookie },
      },
    ];

    console.log(`\n== bench:runs-list — ${kind}, ${seeded.runs} runs (+1 with ${BIG_STEPS} steps), npm start, concurrency 1, ${SECONDS} s per request ==`);
    console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} (${os.cpus().length} cores)`);
    console.log("request                              p50 ms   p95 ms   p99 ms   req/s  errors  target");
    for (const c of cases) {
      const r = await load({ url: c.url, method: "GET", headers: c.headers, concurrency: 1, seconds: SECONDS });
      const t = TARGETS[c.name];
      const target = t && (t.db === "any" || t.db === kind) ? `p95 ≤ ${t.p95} ms ${r.p95 <= t.p95 ? "✓ met" : "✗ missed"}` : "";
      console.log(
        [c.name.padEnd(35), r.p50.toFixed(2).padStart(7), r.p95.toFixed(2).padStart(8), r.p99.toFixed(2).padStart(8), (r.sent / r.elapsed).toFixed(0).padStart(7), String(r.errors).padStart(7), ` ${target}`].join(" ") +
          (r.errors ? `\n    statuses ${JSON.stringify(r.statuses)} ${r.sample.slice(0, 200)}` : ""),
      );
    }
    console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  } finally {
    if (server) {
      server.kill("SIGTERM");
      await new Promise((r) => server!.once("exit", r));
    }
    if (dropDb) await dropDb().catch((e: unknown) => console.error("could not drop the bench database:", e));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!existsSync(path.join(SERVER_ROOT, ".next", "BUILD_ID"))) {
    throw new Error(`no production build in ${SERVER_ROOT}/.next: run npm run build first (or set BENCH_SERVER_ROOT to a checkout with a build)`);
  }
  for (const kind of DBS) {
    if (kind !== "sqlite" && kind !== "postgres") throw new Error(`BENCH_DBS: unknown database ${kind} (sqlite, postgres)`);
    await benchDatabase(kind);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
