import type { Db } from "@/server/db";
import { startServer, type ServerProcess } from "../crash/harness";
import type { KillRecord } from "./analyze";
import type { CounterServer } from "./counter-server";
import type { Workload } from "./workload";

/**
 * The kill schedule. Each cycle starts the real server (worker or CRASH_SERVER_CMD),
 * waits for its first claim (the process is up), then kill -9:
 * - normal: 2–4.5 s after it came up, while runs are mid-step;
 * - recovery: within a second of coming up, once it has taken over a run the
 *   previous kill interrupted (the takeover's own bookkeeping and re-executed
 *   step are what gets killed). At least a third of the kills; at most two in a
 *   row, so every run keeps making progress between takeovers (CRASH_LOOP must
 *   not fire).
 */
const FINAL = ["COMPLETED", "FAILED", "CANCELLED", "SKIPPED"];
const BACKLOG = 24;

export interface KillLoopOptions {
  db: Db;
  url: string;
  kills: number;
  serverEnv: Record<string, string>;
  counter: CounterServer;
  workload: Workload;
  random: { next(): number; between(min: number, max: number): number };
  /** how long a restarted server may take to make its first claim */
  startTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function claimsOf(db: Db): Promise<Map<string, { status: string; claimCount: number }>> {
  const rows = await db.run.findMany({ select: { id: true, status: true, claimCount: true } });
  return new Map(rows.map((r) => [r.id, { status: r.status, claimCount: r.claimCount }]));
}

const total = (m: Map<string, { claimCount: number }>) => [...m.values()].reduce((a, r) => a + r.claimCount, 0);

async function until(what: string, fn: () => Promise<boolean>, timeoutMs: number, server: ServerProcess): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fn()) return true;
    if (server.child.exitCode !== null) throw new Error(`server exited (${server.child.exitCode}) while waiting for ${what}\n${server.output().slice(-4000)}`);
    await sleep(20);
  }
  return false;
}

export async function runKillLoop(o: KillLoopOptions): Promise<KillRecord[]> {
  const records: KillRecord[] = [];
  const neededRecovery = Math.ceil(o.kills / 3);
  let interrupted = new Map<string, number>();
  let streak = 0;
  for (let k = 0; k < o.kills; k++) {
    const before = await claimsOf(o.db);
    // Keep the server busy: every kill must land on runs in flight.
    const unfinished = [...before.values()].filter((r) => !FINAL.includes(r.status)).length;
    if (unfinished < BACKLOG) await o.workload.add(BACKLOG, o.random.next);
    // Pattern per three kills: normal, recovery, then either (never three recoveries in a row),
    // forced to recovery when the quota of a third would otherwise be missed.
    const recoveryDone = records.filter((r) => r.recovery && r.tookOver).length;
    const slotsLeft = Array.from({ length: o.kills - k }, (_, i) => k + i).filter((j) => j % 3 === 1).length;
    const behind = recoveryDone + slotsLeft < neededRecovery;
    const recovery = k % 3 !== 0 && interrupted.size > 0 && streak < 2 && (k % 3 === 1 || behind || o.random.next() < 0.5);

    const server = startServer(o.url, o.serverEnv);
    const base = total(before);
    const up = await until("the first claim", async () => total(await claimsOf(o.db)) > base, o.startTimeoutMs ?? 120_000, server);
    if (!up) {
      await server.kill9();
      throw new Error(`kill ${k + 1}: the server made no claim\n${server.output().slice(-4000)}`);
    }
    const upAt = Date.now();
    let tookOver = false;
    const tookOverNow = async () => {
      const now = await claimsOf(o.db);
      return [...interrupted].some(([id, c]) => (now.get(id)?.claimCount ?? 0) > c);
    };
    if (recovery) {
      tookOver = await until("a takeover", tookOverNow, 800, server);
      // Half of them while a re-executed step's request is in flight, the others at a random moment
      // (often inside the takeover's own bookkeeping, before the step starts).
      if (o.random.next() < 0.5) {
        await until("a request in flight", async () => o.counter.inFlight() > 0, Math.max(0, upAt + 850 - Date.now()), server);
        await sleep(o.random.between(0, 150));
      } else {
        await sleep(o.random.between(0, Math.max(0, upAt + 1000 - Date.now())));
      }
    } else {
      await sleep(o.random.between(2000, 4500));
    }
    if (!tookOver && interrupted.size > 0) tookOver = await tookOverNow();
    const httpInFlight = o.counter.inFlight();
    const firstRequest = o.counter.effects.find((e) => e.at >= upAt);
    const upMs = Date.now() - upAt;
    await server.kill9();
    // The database is frozen now: the runs holding a lease are the interrupted ones.
    const after = await o.db.run.findMany({ where: { status: "RUNNING" }, select: { id: true, claimCount: true } });
    interrupted = new Map(after.map((r) => [r.id, r.claimCount]));
    records.push({ recovery, tookOver, upMs, httpInFlight, runningRuns: after.length, firstRequestMs: firstRequest ? firstRequest.at - upAt : null });
    streak = recovery ? streak + 1 : 0;
    await sleep(o.random.between(0, 600));
  }
  return records;
}
