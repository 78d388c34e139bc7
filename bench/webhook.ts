/**
 * `npm run bench:webhook`: the webhook ingress under load, end to end.
 *
 * A fresh SQLite database gets two published automations shaped like the
 * peers' benchmark — webhook → condition `amount > 10` → 3 × set_variables →
 * respond with the computed values — one answering at once (202 + run id),
 * one waiting for the run's result. The production server is started the
 * documented way (`node scripts/start.mjs`, i.e. `npm start`: needs
 * `next build --webpack` first); a second process (bench/webhook-load.ts,
 * keep-alive node:http) posts for BENCH_SECONDS (default 20) at concurrency
 * 1, 8 and 32 in both modes. Per phase: requests/s, p50/p99, errors, runs
 * persisted vs requests answered (must be equal), seconds until every run
 * completed after the load stopped, steps persisted; server RSS (whole
 * process tree) idle and peak.
 * Env: BENCH_SECONDS, BENCH_CONCURRENCY (e.g. "1,8,32"), BENCH_MODES
 * ("immediate,wait"), BENCH_SERVER=start|ingress (ingress: no Next.js),
 * BENCH_PORT (default 3390), BENCH_PROFILE=<dir> (V8 CPU profiles of the
 * server's threads, written when it stops).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, prepareDb, type Db } from "../server/db";
import { migrateDatabase } from "../server/db/migrate";
import { syncTriggers } from "../server/triggers/sync";
import { seedAutomation, type BenchGraph } from "./setup";

const ROOT = path.resolve(import.meta.dirname, "..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? "1,8,32").split(",").map(Number);
const MODES = (process.env.BENCH_MODES ?? "immediate,wait").split(",") as Array<"immediate" | "wait">;
const SERVER = process.env.BENCH_SERVER ?? "start";
const PORT = Number(process.env.BENCH_PORT ?? 3390);
const STEPS_PER_RUN = 6;

function graph(mode: "immediate" | "wait"): BenchGraph {
  const n = (id: string, type: string, config: Record<string, unknown>) => ({ id, type, name: id, config, position: { x: 0, y: 0 } });
  return {
    nodes: [
      n("trigger", "webhook", { methods: ["POST"], authMode: "none", responseMode: mode, waitTimeoutMs: 10_000, rateLimit: 1_000_000, sampleData: {} }),
      n("check", "condition", { match: "all", groups: [{ match: "all", conditions: [{ field: "trigger.body.amount", operator: "gt", value: 10 }] }] }),
      n("a", "set_variables", { variables: [{ key: "amount", value: "{{trigger.body.amount}}" }] }),
      n("b", "set_variables", { variables: [{ key: "tier", value: "big" }] }),
      n("c", "set_variables", { variables: [{ key: "email", value: "{{trigger.body.email}}" }] }),
      n("answer", "respond", { status: 200, headers: [], bodyType: "json", body: '{"amount": {{vars.amount}}, "tier": "{{vars.tier}}", "email": "{{vars.email}}"}' }),
    ],
    edges: [
      { id: "e1", source: "trigger", sourceHandle: "next", target: "check" },
      { id: "e2", source: "check", sourceHandle: "true", target: "a" },
      { id: "e3", source: "a", sourceHandle: "next", target: "b" },
      { id: "e4", source: "b", sourceHandle: "next", target: "c" },
      { id: "e5", source: "c", sourceHandle: "next", target: "answer" },
    ],
  };
}

/** Pids of a process and all its descendants, from /proc. */
function tree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return out;
}

/** RSS (bytes) of a process tree. */
function treeRss(pid: number): number {
  let total = 0;
  for (const p of tree(pid)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/** CPU time (ms, user + system) used so far by a process tree: on a busy machine, CPU per request says more than requests/s. */
function treeCpuMs(pid: number): number {
  const tick = 1000 / 100; // USER_HZ
  let total = 0;
  for (const p of tree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(f[11]) + Number(f[12])) * tick;
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;

async function waitForServer(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/api/hooks/ping`, { method: "POST" });
      if (res.status === 404) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("server did not start within 180 s");
}

function load(url: string, concurrency: number): Promise<{ sent: number; ok: number; errors: number; statuses: Record<string, number>; elapsed: number; p50: number; p99: number; sample: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "bench/webhook-load.ts"), url, String(concurrency), String(SECONDS)], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`load generator exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-webhook-"));
  const url = `file:${path.join(dir, "switchyard.db")}`;
  await migrateDatabase(url);
  let db: Db = createDb(url);
  await prepareDb(db, url);
  const endpoints: Record<string, { automationId: string; token: string }> = {};
  for (const mode of MODES) {
    const { automationId } = await seedAutomation(db, graph(mode), `Webhook bench (${mode})`);
    await db.$transaction((tx) => syncTriggers(tx, automationId));
    const ep = await db.webhookEndpoint.findUniqueOrThrow({ where: { automationId } });
    if (!ep.active) throw new Error("the bench endpoint is not active");
    endpoints[mode] = { automationId, token: ep.token };
  }

  // The server migrates on start (npm start): leave it the database to itself until it listens.
  await db.$disconnect();
  const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: url, PORT: String(PORT), LOG_LEVEL: "warn", NODE_ENV: "production" as const };
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(process.env.BENCH_PROFILE)] : [];
  const args = [...profile, ...(SERVER === "ingress" ? ["--import", "tsx", path.join(ROOT, "bench/webhook-server.ts")] : [path.join(ROOT, "scripts/start.mjs")])];
  const server = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
  const base = `http://127.0.0.1:${PORT}`;
  try {
    await waitForServer(base, server);
    db = createDb(url);
    await new Promise((r) => setTimeout(r, 3000));
    const idle = treeRss(server.pid!);
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, treeRss(server.pid!))), 250);
    console.log(`\n== bench:webhook — ${SERVER === "ingress" ? "ingress + engine without Next.js" : "npm start (node:http ingress + Next.js + engine)"}, SQLite, ${SECONDS} s per phase ==`);
    console.log(`server RSS idle (process tree): ${mib(idle)}\n`);
    console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} (${os.cpus().length} cores)`);
    console.log("mode       conc   req/s   p50 ms   p99 ms  errors  sent    runs    steps   drain s  server CPU ms/req");
    for (const mode of MODES) {
      const { automationId, token } = endpoints[mode];
      for (const c of CONCURRENCY) {
        const before = await db.run.count({ where: { automationId } });
        const cpu0 = treeCpuMs(server.pid!);
        const r = await load(`${base}/api/hooks/${token}`, c);
        const stopped = Date.now();
        let pending = 1;
        while (pending > 0 && Date.now() - stopped < 300_000) {
          pending = await db.run.count({ where: { automationId, status: { in: ["QUEUED", "RUNNING"] } } });
          if (pending > 0) await new Promise((res) => setTimeout(res, 100));
        }
        const drain = (Date.now() - stopped) / 1000;
        const cpuPerReq = (treeCpuMs(server.pid!) - cpu0) / Math.max(1, r.sent);
        const runs = (await db.run.count({ where: { automationId } })) - before;
        const completed = await db.run.count({ where: { automationId, status: "COMPLETED" } });
        const steps = await db.stepRun.count({ where: { run: { automationId } } });
        const line = [
          mode.padEnd(10), String(c).padStart(4), (r.sent / r.elapsed).toFixed(0).padStart(7), r.p50.toFixed(2).padStart(8), r.p99.toFixed(2).padStart(8),
          String(r.errors).padStart(7), String(r.sent).padStart(6), String(runs).padStart(7), String(steps).padStart(8), drain.toFixed(1).padStart(9), cpuPerReq.toFixed(2).padStart(18),
        ].join(" ");
        console.log(line + (runs === r.sent ? "" : "   ✗ runs ≠ requests") + (steps === completed * STEPS_PER_RUN ? "" : "   ✗ steps ≠ 6 × runs"));
        if (c === CONCURRENCY[0] && mode === "wait") console.log(`           sample answer: ${r.sample}`);
      }
    }
    clearInterval(sampler);
    console.log(`\nserver RSS peak (process tree): ${mib(peak)}; load average at end: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
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
