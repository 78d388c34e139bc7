/**
 * `npm run bench:api`: REST API v1 reads and event writes, and one tRPC read
 * for comparison, against the production server.
 *
 * A fresh SQLite database gets a workspace with one published automation
 * (event trigger deal_updated → set_variables), an admin user and an API key
 * with every scope. The server is started as `npm start` does
 * (`node scripts/start.mjs`: needs `npm run build` first); the bench emits
 * BENCH_SEED_RUNS events (default 40) so the automation has runs, signs in
 * through Auth.js for a session cookie, then a second process
 * (bench/api-load.ts, keep-alive node:http) sends each request for
 * BENCH_SECONDS (default 10) at concurrency 1 (p50/p99) and 8 (requests/s):
 * GET /api/v1/automations/:id, GET /api/v1/automations/:id/runs,
 * POST /api/v1/events, tRPC automations.get and runs.list (GET /api/trpc/…,
 * session cookie; served by the node:http front like /api/v1 —
 * TRPC_VIA_NEXT=1 sends them through Next.js's route handler, for comparison).
 * Env: BENCH_SECONDS, BENCH_CONCURRENCY ("1,8"), BENCH_ONLY (comma-separated
 * case names), BENCH_PORT (default 3391), BENCH_PROFILE=<dir> (V8 CPU
 * profiles of the server's threads, written when it stops).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, prepareDb, type Db } from "../server/db";
import { migrateDatabase } from "../server/db/migrate";
import { syncTriggers } from "../server/triggers/sync";
import { seedAdmin, seedAutomation, type BenchGraph } from "./setup";
import { load, signIn, waitForServer } from "./http";

const ROOT = path.resolve(import.meta.dirname, "..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? "1,8").split(",").map(Number);
const ONLY = process.env.BENCH_ONLY?.split(",");
const PORT = Number(process.env.BENCH_PORT ?? 3391);
const SEED_RUNS = Number(process.env.BENCH_SEED_RUNS ?? 40);
const EMAIL = "bench-admin@bench.test";
const PASSWORD = "bench-password-123";

function graph(): BenchGraph {
  const n = (id: string, type: string, config: Record<string, unknown>) => ({ id, type, name: id, config, position: { x: 0, y: 0 } });
  return {
    nodes: [
      n("trigger", "event", { eventType: "deal_updated", filters: {}, sampleData: {} }),
      n("a", "set_variables", { variables: [{ key: "deal", value: "{{trigger.data.deal_id}}" }] }),
    ],
    edges: [{ id: "e1", source: "trigger", sourceHandle: "next", target: "a" }],
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-api-"));
  const url = `file:${path.join(dir, "switchyard.db")}`;
  await migrateDatabase(url);
  let db: Db = createDb(url);
  await prepareDb(db, url);
  const { workspaceId, automationId } = await seedAutomation(db, graph(), "API bench");
  await db.$transaction((tx) => syncTriggers(tx, automationId));
  const key = await seedAdmin(db, workspaceId, EMAIL, PASSWORD);
  await db.$disconnect();

  // The per-key limit (1,200/min by default) would answer most of the load with 429.
  const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: url, PORT: String(PORT), LOG_LEVEL: "warn", NODE_ENV: "production" as const, API_RATE_LIMIT_PER_MINUTE: "10000000" };
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(process.env.BENCH_PROFILE)] : [];
  const server = spawn(process.execPath, [...profile, path.join(ROOT, "scripts/start.mjs")], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
  const base = `http://127.0.0.1:${PORT}`;
  try {
    await waitForServer(base, server);
    db = createDb(url);
    const auth = { authorization: `Bearer ${key}` };
    for (let i = 0; i < SEED_RUNS; i++) {
      const res = await fetch(`${base}/api/v1/events`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ event_type: "deal_updated", data: { deal_id: `seed-${i}` } }) });
      if (res.status !== 201) throw new Error(`seeding events: ${res.status} ${await res.text()}`);
    }
    const cookie = await signIn(base, EMAIL, PASSWORD);
    const runs = await db.run.count({ where: { automationId } });
    const trpcInput = encodeURIComponent(JSON.stringify({ json: { id: automationId } }));
    // The run list's first page as the browser asks for it (25 newest runs of one automation).
    const runsInput = encodeURIComponent(JSON.stringify({ json: { automationId, limit: 25 } }));
    const cases = [
      { name: "GET /automations/:id", method: "GET", url: `${base}/api/v1/automations/${automationId}`, headers: auth },
      { name: "GET /automations/:id/runs", method: "GET", url: `${base}/api/v1/automations/${automationId}/runs`, headers: auth },
      { name: "POST /events", method: "POST", url: `${base}/api/v1/events`, headers: auth, body: JSON.stringify({ event_type: "deal_updated", data: { deal_id: "d-{{n}}" } }) },
      { name: "tRPC automations.get", method: "GET", url: `${base}/api/trpc/automations.get?input=${trpcInput}`, headers: { cookie } },
      { name: "tRPC runs.list", method: "GET", url: `${base}/api/trpc/runs.list?input=${runsInput}`, headers: { cookie } },
    ].filter((c) => !ONLY || ONLY.some((o) => c.name.includes(o)));

    const trpcVia = process.env.TRPC_VIA_NEXT === "1" ? "Next.js route handler (TRPC_VIA_NEXT=1)" : "node:http front";
    console.log(`\n== bench:api — npm start (node:http front: /api/v1 and hooks; tRPC: ${trpcVia}), SQLite, ${SECONDS} s per phase, ${runs} runs seeded ==`);
    console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} (${os.cpus().length} cores)`);
    console.log("request                      conc   req/s   p50 ms   p99 ms  errors   sent");
    for (const c of cases) {
      for (const conc of CONCURRENCY) {
        const r = await load({ url: c.url, method: c.method, headers: c.headers, body: c.body, concurrency: conc, seconds: SECONDS });
        console.log(
          [c.name.padEnd(28), String(conc).padStart(4), (r.sent / r.elapsed).toFixed(0).padStart(7), r.p50.toFixed(2).padStart(8), r.p99.toFixed(2).padStart(8), String(r.errors).padStart(7), String(r.sent).padStart(6)].join(" ") +
            (r.errors ? `   statuses ${JSON.stringify(r.statuses)} ${r.sample.slice(0, 160)}` : ""),
        );
      }
    }
    console.log(`\nload average at end: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
