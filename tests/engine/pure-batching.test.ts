import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun } from "@/server/services/runs/create-run";
import { createRunStore } from "@/server/engine/run-store";
import type { RunStore } from "@/server/engine/store";
import { chain, createAutomation, engineEnv, http, node, setVars, setupEngineTest, startServer, stepsOf, trigger, waitFor, waitForStatus, type EngineTest } from "./helpers";

/**
 * Pure steps (no effect outside the run) are committed together with the next
 * commit instead of one transaction each; steps with effects only run after
 * everything before them is committed; a crash before such a batched commit
 * loses nothing and duplicates nothing. And the SQLite store's group commit:
 * commits issued together share a transaction but keep their own outcome.
 */
engineEnv();

function counting(store: RunStore, log: Array<{ steps: number; status?: string }>): RunStore {
  return {
    ...store,
    commit: (runId, token, patch, steps, opts) => {
      log.push({ steps: steps === undefined ? 0 : Array.isArray(steps) ? steps.length : 1, ...(patch.status ? { status: patch.status } : {}) });
      return store.commit(runId, token, patch, steps, opts);
    },
  };
}

describe("engine: pure steps are batched", () => {
  let t: EngineTest;
  beforeAll(async () => {
    t = await setupEngineTest();
    await t.rt.dispatcher.stop();
  });
  afterAll(async () => t.cleanup());

  it("a run of pure steps (trigger, condition, 3 × set_variables, respond) commits once, with every step row", async () => {
    const commits: Array<{ steps: number; status?: string }> = [];
    const rt = await t.restart({ wrapStore: (s) => counting(s, commits) });
    const graph = {
      nodes: [
        trigger(),
        node("check", "condition", { match: "all", groups: [{ match: "all", conditions: [{ field: "trigger.amount", operator: "gt", value: 10 }] }] }),
        setVars("a", { amount: "{{trigger.amount}}" }),
        setVars("b", { tier: "big" }),
        setVars("c", { doubled: "{{vars.amount}}{{vars.amount}}" }),
        node("answer", "respond", { status: 200, headers: [], bodyType: "json", body: '{"tier": "{{vars.tier}}"}' }),
      ],
      edges: [
        { id: "p1", source: "trigger", sourceHandle: "next", target: "check" },
        { id: "p2", source: "check", sourceHandle: "true", target: "a" },
        { id: "p3", source: "a", sourceHandle: "next", target: "b" },
        { id: "p4", source: "b", sourceHandle: "next", target: "c" },
        { id: "p5", source: "c", sourceHandle: "next", target: "answer" },
      ],
    };
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { amount: 42 } }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    await rt.dispose();
    expect(run.status).toBe("COMPLETED");
    expect(run.stepCount).toBe(6);
    expect(commits).toEqual([{ steps: 6, status: "COMPLETED" }]);
    const steps = await stepsOf(t.db, runId);
    expect(steps.map((s) => [s.nodeId, s.status, s.attempt])).toEqual([
      ["trigger", "SUCCEEDED", 1],
      ["check", "SUCCEEDED", 1],
      ["a", "SUCCEEDED", 1],
      ["b", "SUCCEEDED", 1],
      ["c", "SUCCEEDED", 1],
      ["answer", "SUCCEEDED", 1],
    ]);
    expect(JSON.parse(steps[5]!.response ?? "null")).toEqual({ status: 200, headers: {}, body: { tier: "big" } });
    expect(JSON.parse(run.state)).toMatchObject({ vars: { amount: 42, tier: "big", doubled: "4242" } });
  });

  it("a step with effects runs only after the pure steps before it are committed", async () => {
    const rt = await t.restart();
    let seenAtRequest: string[] | null = null;
    let runIdForServer = "";
    const server = await startServer(async (_req, res) => {
      const rows = await t.db.stepRun.findMany({ where: { runId: runIdForServer }, orderBy: [{ startedAt: "asc" }, { id: "asc" }] });
      seenAtRequest = rows.map((r) => `${r.nodeId}:${r.status}`);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    try {
      const graph = chain([trigger(), setVars("a", { x: "1" }), setVars("b", { y: "2" }), http("call", `${server.url}/hook`), setVars("after", { z: "3" })]);
      const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
      await rt.dispatcher.stop();
      const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
      runIdForServer = runId;
      const rt2 = await t.restart();
      const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
      await rt2.dispose();
      expect(run.status).toBe("COMPLETED");
      expect(seenAtRequest).toEqual(["trigger:SUCCEEDED", "a:SUCCEEDED", "b:SUCCEEDED"]);
      expect((await stepsOf(t.db, runId)).map((s) => s.nodeId)).toEqual(["trigger", "a", "b", "call", "after"]);
    } finally {
      await server.close();
      await rt.dispose();
    }
  });

  it("the last step's commit also completes the run (no commit of its own), with its history", async () => {
    const commits: Array<{ steps: number; status?: string }> = [];
    const server = await startServer((_req, res) => void res.writeHead(200, { "content-type": "application/json" }).end("{}"));
    const rt = await t.restart({ wrapStore: (s) => counting(s, commits) });
    try {
      const graph = chain([trigger(), http("call", `${server.url}/hook`), http("last", `${server.url}/hook`)]);
      const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
      const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
      const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
      expect(run.status).toBe("COMPLETED");
      expect(run.finishedAt).not.toBeNull();
      expect(run.leaseToken).toBeNull();
      // trigger (pure, committed before the first step with effects), "call", then "last" together with the completion
      expect(commits).toEqual([{ steps: 1 }, { steps: 1 }, { steps: 1, status: "COMPLETED" }]);
      expect((await stepsOf(t.db, runId)).map((s) => [s.nodeId, s.status])).toEqual([["trigger", "SUCCEEDED"], ["call", "SUCCEEDED"], ["last", "SUCCEEDED"]]);
      const events = await t.db.runEvent.findMany({ where: { runId }, orderBy: { at: "asc" } });
      expect(events.map((e) => `${e.fromStatus}→${e.toStatus}`)).toEqual(["null→QUEUED", "QUEUED→RUNNING", "RUNNING→COMPLETED"]);
    } finally {
      await rt.dispose();
      await server.close();
    }
  });

  it("a crash before the batched commit loses nothing: the next worker executes the pure steps again, once each", async () => {
    let crashes = 0;
    const crashing = await t.restart({
      leaseMs: 1000,
      wrapStore: (s) => ({
        ...s,
        commit: async () => {
          crashes++;
          // What a kill -9 between executing and committing leaves: nothing written, the lease still held.
          throw Object.assign(new Error("simulated crash"), { code: "SQLITE_BUSY" });
        },
      }),
    });
    const graph = chain([trigger(), setVars("a", { x: "{{trigger.n}}" }), setVars("b", { y: "{{vars.x}}{{vars.x}}" }), node("end", "stop", { status: "completed", message: "" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { n: 7 } }, t.db);
    await waitFor("the crashing worker to try its commit", async () => crashes > 0);
    await crashing.dispose();
    expect(await t.db.stepRun.count({ where: { runId } })).toBe(0);
    const healthy = await t.restart({ leaseMs: 1000 });
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    await healthy.dispose();
    expect(run.status).toBe("COMPLETED");
    const steps = await stepsOf(t.db, runId);
    expect(steps.map((s) => [s.nodeId, s.status, s.attempt])).toEqual([
      ["trigger", "SUCCEEDED", 1],
      ["a", "SUCCEEDED", 1],
      ["b", "SUCCEEDED", 1],
      ["end", "SUCCEEDED", 1],
    ]);
    expect(JSON.parse(run.state)).toMatchObject({ vars: { x: 7, y: "77" } });
  });
});

describe("run store: commits issued together", () => {
  let t: EngineTest;
  beforeAll(async () => {
    t = await setupEngineTest();
    await t.rt.dispatcher.stop();
  });
  afterAll(async () => t.cleanup());

  it("share a transaction but keep their own outcome: a fenced-out commit writes nothing, the others commit", async () => {
    const store = createRunStore(t.db);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("a", { x: "1" })]));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db)).runId);
    // Claimed together (the dispatcher fills its free slots at once): three different runs.
    const claimed = await Promise.all(ids.map((_, i) => store.claim({}, "owner", `token-${i}`, 60_000, new Date())));
    expect(new Set(claimed.map((c) => c?.id)).size).toBe(3);
    const step = (runId: string) => ({
      workspaceId: t.ws.workspaceId, nodeId: "a", nodeType: "set_variables", nodeName: "a", iteration: "", attempt: 1, status: "SUCCEEDED" as const,
      idempotencyKey: `${runId}:a:`, request: "{}", response: "{}", responseTruncated: false, handle: "next", error: null, errorCode: null, warnings: null,
      startedAt: new Date(), finishedAt: new Date(), durationMs: 1, existing: false,
    });
    const patch = (n: number) => ({ state: JSON.stringify({ n }), stepCount: 1, failedStepCount: 0, releaseLease: false });
    const [c0, c1, c2] = claimed.map((c) => c!);
    const results = await Promise.all([
      store.commit(c0.id, c0.leaseToken, patch(0), step(c0.id)),
      store.commit(c1.id, "not-the-lease-token", patch(1), step(c1.id)),
      store.commit(c2.id, c2.leaseToken, patch(2), [step(c2.id)]),
    ]);
    expect(results).toEqual(["ok", "lost", "ok"]);
    const rows = await t.db.run.findMany({ where: { id: { in: [c0.id, c1.id, c2.id] } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(c0.id)!.state).toBe('{"n":0}');
    expect(byId.get(c1.id)!.stepCount).toBe(0);
    expect(byId.get(c2.id)!.state).toBe('{"n":2}');
    expect(await t.db.stepRun.count({ where: { runId: c0.id } })).toBe(1);
    expect(await t.db.stepRun.count({ where: { runId: c1.id } })).toBe(0);
    expect(await t.db.stepRun.count({ where: { runId: c2.id } })).toBe(1);
  });
});
