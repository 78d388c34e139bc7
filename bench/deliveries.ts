/**
 * `npm run bench:deliveries`: the delivery loop of event subscriptions (issue 14).
 *
 * A fresh SQLite database (and a fresh PostgreSQL database when DATABASE_URL
 * points at a PostgreSQL server) gets a workspace with 3 subscriptions to "*",
 * each pointing at its own path of one receiver (bench/deliveries-receiver.ts):
 * a SEPARATE process on 127.0.0.1 that verifies every signature with the
 * `standardwebhooks` package and records each (subscription, webhook-id).
 * The delivery loop is the production one (DeliveryTicker, as the engine
 * process starts it) in this process; events are written through the outbox
 * statement (emitPlatformEvent, one transaction per 100 events).
 *
 * Two phases, each on its own events:
 * - backlog: BENCH_EVENTS (default 10,000) events are written first, then the
 *   ticker starts; deliveries/s = deliveries / (ticker start → last receipt).
 *   Event→receipt times here are queueing times (the whole backlog is old).
 * - steady: BENCH_STEADY_EVENTS (default 3,000) events written at
 *   BENCH_RATE events/s (default 200, i.e. 600 deliveries/s) while the ticker
 *   runs; p50/p99 from event (occurredAt) to receipt is the delivery latency.
 * Each phase checks that every delivery arrived exactly once (by webhook-id per
 * subscription) and that the database has every delivery SUCCEEDED with one
 * attempt; errors = bad signatures + failed attempts + missing + duplicates.
 * Exit code 1 when a check fails.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// Benches may read process.env (the app reads it only through server/env.ts): set before env() is read.
const DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-deliveries-"));
process.env.DATA_DIR = DATA_DIR;
process.env.HTTP_ALLOWLIST = [process.env.HTTP_ALLOWLIST, "127.0.0.1"].filter(Boolean).join(",");
process.env.LOG_LEVEL ??= "warn";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const STEADY_EVENTS = Number(process.env.BENCH_STEADY_EVENTS ?? 3_000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SUBSCRIPTIONS = 3;
const EVENTS_PER_TX = 100;
const ROOT = path.resolve(import.meta.dirname, "..");

type Stats = { unique: number; requests: number };
type Report = { counts: Record<string, number>; latencies: number[]; requests: number; badSignature: number; firstAt: number; lastAt: number; cpuMs: number };

class Receiver {
  private waiting: Array<(m: unknown) => void> = [];
  private constructor(readonly child: ChildProcess, readonly port: number) {
    child.on("message", (m) => this.waiting.shift()?.(m));
  }
  static start(secrets: string[]): Promise<Receiver> {
    const child = fork(path.join(ROOT, "bench/deliveries-receiver.ts"), [], {
      cwd: ROOT,
      execArgv: ["--import", "tsx"],
      env: { ...process.env, BENCH_SECRETS: JSON.stringify(secrets) },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    return new Promise((resolve, reject) => {
      child.once("message", (m) => resolve(new Receiver(child, (m as { port: number }).port)));
      child.once("exit", (code) => reject(new Error(`receiver exited with ${code}`)));
    });
  }
  ask<T>(what: "stats" | "report" | "reset"): Promise<T> {
    return new Promise((resolve) => {
      this.waiting.push(resolve as (m: unknown) => void);
      this.child.send(what);
    });
  }
  stop(): void {
    this.child.disconnect();
  }
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]! : NaN);
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(" ");

async function bench(label: string, url: string): Promise<boolean> {
  // Imported after the env above is set (server/env reads it once).
  const { createDb, prepareDb } = await import("../server/db");
  const { migrateDatabase } = await import("../server/db/migrate");
  const { memberActor } = await import("../server/auth/actor");
  const { createSubscription } = await import("../server/services/webhook-subscriptions/create-subscription");
  const { emitPlatformEvent } = await import("../server/services/webhook-subscriptions/emit");
  const { DeliveryTicker } = await import("../server/services/webhook-subscriptions/delivery-ticker");
  const { seedAdmin, seedAutomation } = await import("./setup");

  await migrateDatabase(url);
  const db = createDb(url);
  await prepareDb(db, url);
  const { workspaceId, automationId } = await seedAutomation(db, { nodes: [], edges: [] }, "Deliveries bench");
  await seedAdmin(db, workspaceId, `bench-${Date.now()}@example.com`, "bench-password-123");
  const admin = await db.membership.findFirstOrThrow({ where: { workspaceId } });
  const actor = memberActor(admin.userId, workspaceId, "ADMIN");

  const secrets = Array.from({ length: SUBSCRIPTIONS }, () => `whsec_${randomBytes(32).toString("base64")}`);
  const receiver = await Receiver.start(secrets);
  const subIds: string[] = [];
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const { subscription } = await createSubscription(actor, { url: `http://127.0.0.1:${receiver.port}/s/${i}`, events: ["*"], secret: secrets[i] }, db);
    subIds.push(subscription.id);
  }
  const subIndex = new Map(subIds.map((id, i) => [id, i]));

  let seq = 0;
  /** n events in one transaction, through the outbox statement; `phase` tags them (their ids are read back by it) */
  const emit = async (n: number, phase: string): Promise<void> => {
    await db.$transaction(async (tx) => {
      for (let i = 0; i < n; i++) {
        const k = seq++;
        await emitPlatformEvent(tx, {
          workspaceId,
          type: "automation.published",
          automationId,
          data: { automation_id: automationId, name: `${phase} ${k}`, status: "ACTIVE", version: k, version_id: null, actor_user_id: null },
        });
      }
    });
  };
  const idsOf = async (phase: string): Promise<string[]> =>
    (await db.platformEvent.findMany({ where: { data: { contains: `"name":"${phase} ` } }, select: { id: true } })).map((e) => e.id);

  const ticker = new DeliveryTicker({ db, onError: (err) => console.error("delivery pass failed:", err) });
  let ok = true;

  const waitAll = async (expected: number, since: number): Promise<void> => {
    let last = -1;
    let lastChange = Date.now();
    for (;;) {
      const s = await receiver.ask<Stats>("stats");
      if (s.unique >= expected) return;
      if (s.unique !== last) {
        last = s.unique;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > 90_000) throw new Error(`no progress for 90 s: ${s.unique} of ${expected} deliveries received after ${((Date.now() - since) / 1000).toFixed(0)} s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const check = async (phase: string, tag: string, eventIds: string[], startedAt: number, lastEventAt: number, cpu0: NodeJS.CpuUsage): Promise<void> => {
    const cpu = process.cpuUsage(cpu0);
    const ofPhase = { event: { data: { contains: `"name":"${tag} ` } } };
    const r = await receiver.ask<Report>("report");
    const expected = eventIds.length * SUBSCRIPTIONS;
    let missing = 0;
    let duplicates = 0;
    for (const id of eventIds) {
      for (let i = 0; i < SUBSCRIPTIONS; i++) {
        const n = r.counts[`${i}:${id}`] ?? 0;
        if (n === 0) missing++;
        if (n > 1) duplicates += n - 1;
      }
    }
    const extra = Object.keys(r.counts).length - (expected - missing);
    const deliveries = await db.webhookDelivery.groupBy({ by: ["status"], where: ofPhase, _count: true });
    const byStatus = Object.fromEntries(deliveries.map((d) => [d.status, d._count]));
    const attempts = await db.webhookDeliveryAttempt.count({ where: { delivery: ofPhase } });
    const failedAttempts = await db.webhookDeliveryAttempt.count({ where: { delivery: ofPhase, error: { not: null } } });
    const dbSubs = await db.webhookDelivery.groupBy({ by: ["subscriptionId"], where: { ...ofPhase, status: "SUCCEEDED" }, _count: true });
    const perSub = dbSubs.map((d) => `${subIndex.get(d.subscriptionId)}:${d._count}`).join(" ");
    const elapsed = (r.lastAt - startedAt) / 1000;
    const lat = [...r.latencies].sort((a, b) => a - b);
    const errors = r.badSignature + failedAttempts + missing + duplicates + Math.max(0, extra);
    const good = errors === 0 && byStatus.SUCCEEDED === expected && attempts === expected;
    ok &&= good;
    console.log(
      `${phase.padEnd(8)} ${String(eventIds.length).padStart(6)} ev ${String(expected).padStart(6)} del  ${(expected / elapsed).toFixed(0).padStart(5)} del/s  ` +
        `p50 ${pct(lat, 0.5).toFixed(0).padStart(6)} ms  p99 ${pct(lat, 0.99).toFixed(0).padStart(6)} ms  max ${pct(lat, 1).toFixed(0).padStart(6)} ms  ` +
        `errors ${errors} (bad signature ${r.badSignature}, failed attempts ${failedAttempts}, missing ${missing}, duplicates ${duplicates})  ` +
        `requests ${r.requests}  db: ${JSON.stringify(byStatus)} attempts ${attempts} per subscription ${perSub}  ` +
        `CPU ms/delivery: delivering process ${((cpu.user + cpu.system) / 1000 / expected).toFixed(2)}, receiver ${(r.cpuMs / expected).toFixed(2)}  ` +
        `${lastEventAt ? `drain after last event ${((r.lastAt - lastEventAt) / 1000).toFixed(1)} s  ` : ""}${good ? "✓" : "✗"}`,
    );
  };

  console.log(`\n== bench:deliveries — ${label}: ${SUBSCRIPTIONS} subscriptions ("*") → receiver process on 127.0.0.1 (pid ${receiver.child.pid}, signatures verified) ==`);
  console.log(`delivery loop: DeliveryTicker in this process (pid ${process.pid}); load average at start: ${load()} (${os.cpus().length} cores)`);
  try {
    // backlog: every event written before the loop starts
    if (EVENTS > 0) {
      for (let done = 0; done < EVENTS; done += EVENTS_PER_TX) await emit(Math.min(EVENTS_PER_TX, EVENTS - done), "backlog");
      const backlogIds = await idsOf("backlog");
      const started = Date.now();
      const cpu0 = process.cpuUsage();
      ticker.start();
      await waitAll(backlogIds.length * SUBSCRIPTIONS, started);
      await ticker.stop();
      await check("backlog", "backlog", backlogIds, started, 0, cpu0);
      await receiver.ask("reset");
    }
    // steady: events written at RATE/s while the loop runs
    if (STEADY_EVENTS > 0) {
      const started = Date.now();
      const cpu0 = process.cpuUsage();
      ticker.start();
      const perTick = Math.max(1, Math.round(RATE / 20));
      for (let done = 0; done < STEADY_EVENTS; ) {
        const n = Math.min(perTick, STEADY_EVENTS - done);
        await emit(n, "steady");
        done += n;
        const due = started + (done / RATE) * 1000;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const lastEventAt = Date.now();
      const ids = await idsOf("steady");
      await waitAll(ids.length * SUBSCRIPTIONS, started);
      await ticker.stop();
      await check(`steady ${RATE}/s`.padEnd(8), "steady", ids, started, lastEventAt, cpu0);
    }
  } finally {
    await ticker.stop();
    receiver.stop();
    await db.$disconnect();
  }
  console.log(`load average at end: ${load()}`);
  return ok;

}

async function main(): Promise<void> {
  const { env } = await import("../server/env");
  const { providerOf } = await import("../server/db");
  const { pgAdmin, quoteIdent, withDatabase } = await import("../server/db/migrate-adapters");
  let ok = true;
  try {
    ok = (await bench("SQLite", `file:${path.join(DATA_DIR, "bench.db")}`)) && ok;
    const url = env().DATABASE_URL;
    if (providerOf(url) === "postgresql") {
      const name = `sy_bench_deliveries_${Date.now()}`;
      await pgAdmin(url, `CREATE DATABASE ${quoteIdent(name)}`);
      try {
        ok = (await bench("PostgreSQL", withDatabase(url, name))) && ok;
      } finally {
        await pgAdmin(url, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      }
    }
  } finally {
    rmSync(DATA_DIR, { recursive: true, force: true });
  }
  process.exit(ok ? 0 : 1);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
