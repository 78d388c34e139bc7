import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun } from "@/server/services/runs/create-run";
import { resumeRun } from "@/server/services/runs/resume-run";
import { chainTies } from "@/server/services/runs/run-events";
import { isAllowedRunTransition } from "@/lib/statuses";
import { createEngineRuntime } from "@/server/runtime/runtime";
import { testRegistry } from "./fixture-nodes";
import { chain, createAutomation, engineEnv, node, setVars, setupEngineTest, trigger, waitFor, waitForStatus, type EngineTest } from "./helpers";

/**
 * Issue 7 items 4–6: one ordered claim path (timers and takeovers first, then
 * priority, then age; no claim races between workers), lost wake-ups of
 * waiting parents always found, cross-process wake-ups on PostgreSQL, and every
 * status change made by the engine and recorded in the run's history.
 */
engineEnv();

describe("engine: claims, wake-ups and the run history", () => {
  let t: EngineTest;
  const isPg = () => t.url.startsWith("postgres");
  beforeAll(async () => {
    t = await setupEngineTest({ registry: testRegistry });
    await t.rt.dispatcher.stop();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("claims due runs oldest first within priority, timers and takeovers before queued runs", async () => {
    const low = (await createAutomation(t.db, t.ws.workspaceId, chain([trigger()]), { name: "low" })).automationId;
    const high = (await createAutomation(t.db, t.ws.workspaceId, chain([trigger()]), { name: "high" })).automationId;
    await t.db.automation.update({ where: { id: high }, data: { priority: 5 } });
    const order: string[] = [];
    for (const [name, id] of [["A1", low], ["B1", high], ["A2", low], ["B2", high], ["A3", low]] as const) {
      const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId: id, triggerType: "manual" }, t.db);
      order.push(`${name}:${runId}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const byId = new Map(order.map((o) => [o.split(":")[1], o.split(":")[0]]));
    // A paused run whose timer passed comes first, even though it is older work of a low-priority automation.
    const { runId: pausedId } = await createRun({ workspaceId: t.ws.workspaceId, automationId: low, triggerType: "manual" }, t.db);
    await t.db.run.update({ where: { id: pausedId }, data: { status: "PAUSED", wakeAt: new Date(Date.now() - 1000), waitKind: "delay" } });
    byId.set(pausedId, "P");
    const claimed: string[] = [];
    for (;;) {
      const run = await t.rt.engine.claimNext();
      if (!run) break;
      if (byId.has(run.id)) claimed.push(byId.get(run.id) as string);
    }
    expect(claimed).toEqual(["P", "B1", "B2", "A1", "A2", "A3"]);
  });

  it("three workers on 150 runs claim each run exactly once (no lost claim races)", async () => {
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("a", { x: "1" }), setVars("b", { y: "2" })]));
    const ids: string[] = [];
    for (let i = 0; i < 150; i++) ids.push((await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db)).runId);
    const workers = [0, 1, 2].map((k) => createEngineRuntime({ db: t.db, registry: testRegistry, concurrency: 4, tickMs: 20, owner: `w${k}`, registerSignal: false }));
    await Promise.all(workers.map((w) => w.dispatcher.start()));
    try {
      await waitFor("all 150 runs completed", async () => (await t.db.run.count({ where: { id: { in: ids }, status: "COMPLETED" } })) === 150, 60_000, 50);
    } finally {
      await Promise.all(workers.map((w) => w.dispose()));
    }
    const rows = await t.db.run.findMany({ where: { id: { in: ids } }, select: { claimCount: true, leaseOwner: true } });
    expect(rows.every((r) => r.claimCount === 1)).toBe(true);
    const claims = await t.db.runEvent.findMany({ where: { runId: { in: ids }, toStatus: "RUNNING" }, select: { actor: true } });
    expect(claims).toHaveLength(150);
    // The work was spread: every worker claimed some runs.
    expect(new Set(claims.map((c) => c.actor)).size).toBe(3);
  });

  it("finds every lost wake-up of a waiting parent (150 parents, more than any scan limit) through its safety timer", async () => {
    const child = (await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("c", { done: "yes" })]), { name: "child" })).automationId;
    const parent = (
      await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), node("call", "run_workflow", { automationId: child, input: [], waitForCompletion: true }), setVars("after", { ok: "{{steps.call.output.vars.done}}" })]))
    ).automationId;
    // Every wake-up is lost (as if each child's worker died right after the child's final commit).
    const rt = createEngineRuntime({
      db: t.db, registry: testRegistry, concurrency: 16, tickMs: 20, childCheckMs: 300, registerSignal: false,
      wrapStore: (s) => ({ ...s, wakeParent: async () => false }),
    });
    const ids: string[] = [];
    for (let i = 0; i < 150; i++) ids.push((await createRun({ workspaceId: t.ws.workspaceId, automationId: parent, triggerType: "manual" }, t.db)).runId);
    await rt.dispatcher.start();
    try {
      await waitFor("all parents completed", async () => (await t.db.run.count({ where: { id: { in: ids }, status: "COMPLETED" } })) === 150, 90_000, 100);
    } finally {
      await rt.dispose();
    }
    const rows = await t.db.run.findMany({ where: { id: { in: ids } }, select: { state: true } });
    expect(rows.every((r) => (JSON.parse(r.state) as { vars: { ok?: string } }).vars.ok === "yes")).toBe(true);
  }, 90_000); // 150 parents and their children: ~16 s on PostgreSQL alone, over 30 s next to the e2e suite in CI

  it("a run created in another process starts without waiting for a poll (PostgreSQL LISTEN/NOTIFY)", async () => {
    if (!isPg()) {
      // SQLite deployments run one engine process; cross-process wake-ups are a PostgreSQL feature.
      expect(t.url.startsWith("file:")).toBe(true);
      return;
    }
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("a", { x: "1" })]));
    // No useful polling (one tick a minute) and no in-process signal: only NOTIFY can wake it.
    const rt = createEngineRuntime({ db: t.db, registry: testRegistry, tickMs: 60_000, registerSignal: false, listenUrl: t.url });
    await rt.dispatcher.start();
    try {
      const latencies: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t0 = Date.now();
        const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
        const run = await waitForStatus(t.db, runId, ["COMPLETED"], 5_000);
        latencies.push((run.startedAt as Date).getTime() - t0);
      }
      latencies.sort((a, b) => a - b);
      expect(latencies[5]).toBeLessThan(500);
    } finally {
      await rt.dispose();
    }
  });

  it("records every transition with who and why; a resumed run's history reads like a story", async () => {
    const graph = chain([trigger(), node("wait", "test_wait_external", { token: "resume-token-for-history-test" }), setVars("after", { x: "1" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    await t.rt.dispatcher.start();
    try {
      const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", createdById: t.ws.adminId }, t.db);
      await waitForStatus(t.db, runId, ["PAUSED"]);
      await resumeRun({ token: "resume-token-for-history-test", payload: { ok: true }, actor: `user:${t.ws.adminId}` }, t.db);
      await waitForStatus(t.db, runId, ["COMPLETED"]);
      // A claim that waited for the writer lock while the resume committed carries the time it started
      // waiting, a few ms before the resume's: the history is read along the status chain (earliest first).
      const events = chainTies(await t.db.runEvent.findMany({ where: { runId }, orderBy: [{ at: "asc" }, { id: "asc" }] }));
      expect(events.map((e) => `${e.fromStatus ?? "∅"}→${e.toStatus}`)).toEqual(["∅→QUEUED", "QUEUED→RUNNING", "RUNNING→PAUSED", "PAUSED→QUEUED", "QUEUED→RUNNING", "RUNNING→COMPLETED"]);
      expect(events[0].actor).toBe(`user:${t.ws.adminId}`);
      expect(events[1].actor).toMatch(/^engine:/);
      expect(events[3]).toMatchObject({ actor: `user:${t.ws.adminId}`, reason: "step wait resumed" });
    } finally {
      await t.rt.dispatcher.stop();
    }
    // Every transition recorded by every test in this file is one the status model allows.
    const all = await t.db.runEvent.findMany({ select: { fromStatus: true, toStatus: true } });
    expect(all.length).toBeGreaterThan(600);
    expect(all.filter((e) => !isAllowedRunTransition(e.fromStatus, e.toStatus))).toEqual([]);
  });

  it("no service writes run state: status, lease and engine state changes go through the engine's API", () => {
    const root = path.resolve(__dirname, "../../server/services");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = path.join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith(".ts")) files.push(p);
      }
    };
    walk(root);
    const offenders = files.filter((f) => /\.run\.(update|updateMany|upsert|create|createMany)\(|UPDATE "Run"|\.stepRun\.(update|updateMany|create)\(/.test(readFileSync(f, "utf8")));
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });
});
