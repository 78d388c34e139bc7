import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/server/env";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { startServer, waitFor, type ServerProcess } from "../crash/harness";
import { analyze, summaryLine } from "./analyze";
import { startCounterServer, type CounterServer } from "./counter-server";
import { runKillLoop } from "./kill-loop";
import { chaosOptions, rng } from "./options";
import { createWorkload } from "./workload";

/**
 * Chaos against the real server process (`npm run test:chaos`): HTTP steps
 * against a counting server, delays, a retry policy, loops; kill -9 at random
 * moments, a third of them within a second of a restart while the new process
 * takes over interrupted runs; a 1.5 s lease. Then one last server finishes
 * everything and the outcome is checked:
 * - every run COMPLETED (no failure is expected in this workload: the runs make
 *   progress between crashes, so CRASH_LOOP must not occur);
 * - each (run, node, iteration) has exactly one SUCCEEDED StepRun;
 * - a step whose request reached the counter more than once always sent the same
 *   idempotency key, and no completed step sent its request again.
 * CHAOS_KILLS / CHAOS_RUNS / CHAOS_SEED / CHAOS_LEASE_MS size and replay it;
 * CRASH_SERVER_CMD runs it against `next start` instead of the worker.
 */
const o = chaosOptions();
const FINAL = ["COMPLETED", "FAILED", "CANCELLED", "SKIPPED"];

describe("chaos: kill -9 of the server at random moments, also during recovery", () => {
  let t: TestDb;
  let ws: TestWorkspace;
  let counter: CounterServer;
  let last: ServerProcess | undefined;
  beforeAll(async () => {
    t = await createTestDb();
    ws = await seedTestWorkspace(t.db, "chaos");
    counter = await startCounterServer();
  });
  afterAll(async () => {
    await last?.kill9();
    await counter?.close();
    await t?.cleanup();
  });

  it(
    `${o.CHAOS_KILLS} kills: nothing lost, every step succeeds once, repeated effects share their key`,
    async () => {
      const random = rng(o.CHAOS_SEED);
      const serverEnv = { ENGINE_LEASE_MS: String(o.CHAOS_LEASE_MS), ENGINE_TICK_MS: "50", ENGINE_CONCURRENCY: "8" };
      const workload = await createWorkload(t.db, ws.workspaceId, counter.url);
      await workload.add(o.CHAOS_RUNS, random.next);
      const started = Date.now();
      const kills = await runKillLoop({ db: t.db, url: t.url, kills: o.CHAOS_KILLS, serverEnv, counter, workload, random });
      const chaosMs = Date.now() - started;

      // The last server runs until everything settles (bounded): stuck runs are reported, not waited for.
      last = startServer(t.url, serverEnv);
      const ids = workload.runs.map((r) => r.runId);
      const settled = await waitFor(
        "every run in a final state",
        async () => (await t.db.run.count({ where: { id: { in: ids }, status: { in: FINAL } } })) === ids.length && counter.inFlight() === 0,
        o.CHAOS_SETTLE_MS,
      ).then(
        () => true,
        () => false,
      );
      const report = await analyze(t.db, workload, counter.effects, kills);
      const output = last.output();
      await last.stop();

      const line = summaryLine(report, o.CHAOS_SEED);
      process.stdout.write(
        `\n${line}\n` +
          `  server: ${env().CRASH_SERVER_CMD ?? "worker (tsx scripts/worker.ts)"}, lease ${o.CHAOS_LEASE_MS} ms, ${Math.round(chaosMs / 1000)} s of chaos, settled: ${settled}\n` +
          `  kills (N normal, R recovery, + took over, @ms after the first claim, HTTP in flight, first request ms, runs RUNNING): ${kills.map((k) => `${k.recovery ? "R" : "N"}${k.tookOver ? "+" : ""}@${k.upMs}ms/http${k.httpInFlight}/req${k.firstRequestMs ?? "-"}/run${k.runningRuns}`).join(" ")}\n` +
          `  error codes: ${JSON.stringify(report.errorCodes)}\n` +
          [...report.lost.slice(0, 5), ...report.failed.slice(0, 5), ...report.stepViolations.slice(0, 5), ...report.duplicateEffectSteps.slice(0, 5), ...report.sendsAfterSuccess.slice(0, 5)]
            .map((l) => `  ${l}\n`)
            .join("") +
          (settled ? "" : `--- last server output ---\n${output.slice(-3000)}\n`),
      );

      expect(report.lost).toEqual([]);
      expect(report.failed).toEqual([]);
      expect(report.errorCodes["run:CRASH_LOOP"] ?? 0).toBe(0);
      expect(report.stepViolations).toEqual([]);
      expect(report.runningStepRows).toBe(0);
      expect(report.missingEffects).toEqual([]);
      expect(report.wrongKeys).toEqual([]);
      expect(report.duplicateEffects).toBe(0);
      expect(report.sendsAfterSuccess).toEqual([]);
      expect(report.completed).toBe(report.runs);
      // The schedule itself: every kill happened, a third of them while the new process was taking over.
      expect(kills).toHaveLength(o.CHAOS_KILLS);
      expect(report.killsDuringRecovery).toBeGreaterThanOrEqual(Math.ceil(o.CHAOS_KILLS / 3));
    },
    // startup of a server under load takes seconds; 30 s per kill is generous, plus the settle time
    10 * 60_000 + o.CHAOS_KILLS * 30_000 + o.CHAOS_SETTLE_MS,
  );
});
