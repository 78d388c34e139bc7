import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun } from "@/server/services/runs/create-run";
import { getRun } from "@/server/services/runs/get-run";
import { testRegistry } from "./fixture-nodes";
import { chain, createAutomation, edge, engineEnv, node, setVars, setupEngineTest, stepsOf, trigger, waitFor, waitForStatus, type EngineTest } from "./helpers";

/**
 * Issue 7 item 3: every stored value is bounded (variables, resolved requests,
 * outputs, errors), step outputs and loop items are stored once instead of
 * with every state commit, so per-step writes do not grow with them.
 */
engineEnv();
const LIMIT = 16 * 1024;

describe("engine: bounded run state", () => {
  let t: EngineTest;
  beforeAll(async () => {
    t = await setupEngineTest({ registry: testRegistry, outputLimitBytes: LIMIT });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("a variable doubled in a loop is capped at the limit with the truncation flag; the state and requests stay bounded", async () => {
    const graph = {
      nodes: [
        trigger(),
        node("each", "loop", { items: "{{trigger.items}}", maxItems: 100 }),
        setVars("grow", { acc: "{{vars.acc}}{{vars.acc}}ab" }),
        setVars("end", { done: "yes" }),
      ],
      edges: [edge("trigger", "each"), edge("each", "grow", "item"), edge("each", "end", "done")],
    };
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { items: Array.from({ length: 24 }, (_, i) => i) } }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"], 30_000);
    expect(run.status).toBe("COMPLETED");
    // Unbounded, acc would be ~2^25 characters by now.
    expect(run.state.length).toBeLessThan(3 * LIMIT);
    const state = JSON.parse(run.state) as { vars: { acc: { truncated?: boolean; originalBytes?: number } } };
    expect(state.vars.acc.truncated).toBe(true);
    const steps = await stepsOf(t.db, runId);
    for (const s of steps) {
      expect((s.request ?? "").length).toBeLessThanOrEqual(LIMIT);
      expect((s.response ?? "").length).toBeLessThanOrEqual(LIMIT);
    }
    const grown = steps.filter((s) => s.nodeId === "grow");
    expect(grown.some((s) => (s.warnings ?? "").includes('Variable \\"acc\\" was larger than'))).toBe(true);
    expect(grown.some((s) => (s.request ?? "").includes('"truncated":true'))).toBe(true);
  });

  it("the run's variables in total are bounded: a step that would exceed it fails with VARS_TOO_LARGE", async () => {
    const vars = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`v${i}`, "{{trigger.text}}"]));
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("many", vars)]));
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { text: "x".repeat(LIMIT - 200) } }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("FAILED");
    expect(run.errorCode).toBe("VARS_TOO_LARGE");
    expect(run.state.length).toBeLessThan(2 * LIMIT);
  });

  it("loop items and step outputs are stored once: the state written with each step does not carry them", async () => {
    const item = "i".repeat(1000);
    const graph = {
      nodes: [
        trigger(),
        node("big", "test_big_output", { bytes: 12_000 }),
        node("each", "loop", { items: "{{trigger.items}}", maxItems: 1000 }),
        node("slowish", "test_sleep", { ms: 1 }),
        setVars("last", { item: "{{loop.item}}", index: "{{loop.index}}", seen: "{{steps.big.blob}}" }),
        setVars("end", { finished: "yes" }),
      ],
      edges: [edge("trigger", "big"), edge("big", "each"), edge("each", "slowish", "item"), edge("slowish", "last"), edge("each", "end", "done")],
    };
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const items = Array.from({ length: 200 }, (_, i) => `${i}:${item}`);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { items } }, t.db);
    let maxState = 0;
    await waitFor("loop run finished", async () => {
      const r = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
      maxState = Math.max(maxState, r.state.length);
      return ["COMPLETED", "FAILED"].includes(r.status) ? r : null;
    }, 60_000, 5);
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe("COMPLETED");
    // 200 KB of items and a 12 KB output never enter the per-step state (the variables hold one item + the output: ~14 KB).
    expect(maxState).toBeLessThan(16_000);
    const data = await t.db.runData.findMany({ where: { runId, key: { startsWith: "loop:" } } });
    expect(data).toHaveLength(1);
    expect(data[0].value.length).toBeGreaterThan(200_000);
    const state = JSON.parse(run.state) as { vars: Record<string, unknown>; steps?: unknown };
    expect(state.steps).toBeUndefined();
    expect(state.vars.item).toBe(`199:${item}`);
    expect(state.vars.index).toBe(199);
    expect(state.vars.seen).toBe("x".repeat(12_000));
    expect(state.vars.finished).toBe("yes");
  });

  it("a run resumed in a new claim (after a delay) still sees earlier step outputs and the loop's items", async () => {
    const graph = {
      nodes: [
        trigger(),
        node("big", "test_big_output", { bytes: 3000 }),
        node("each", "loop", { items: "{{trigger.items}}", maxItems: 10 }),
        node("pause", "delay", { mode: "duration", amount: 0.03, unit: "seconds" }),
        setVars("acc", { got: "{{vars.got}}{{loop.item}},", blob: "{{steps.big.blob}}" }),
      ],
      edges: [edge("trigger", "big"), edge("big", "each"), edge("each", "pause", "item"), edge("pause", "acc")],
    };
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { items: ["a", "b", "c"] } }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"], 30_000);
    expect(run.status).toBe("COMPLETED");
    expect(run.claimCount).toBeGreaterThanOrEqual(4);
    const state = JSON.parse(run.state) as { vars: Record<string, string> };
    expect(state.vars.got).toBe("a,b,c,");
    expect(state.vars.blob).toBe("x".repeat(3000));
  });

  it("large trigger data is stored once outside the run row (per-step commits do not copy it); the run and the run detail see it whole", async () => {
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("a", { n: "{{trigger.items.length}}" }), setVars("b", { last: "{{trigger.items.199}}" })]));
    const items = Array.from({ length: 200 }, (_, i) => `${i}:${"d".repeat(100)}`);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { items } }, t.db);
    const row = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(row.triggerData.length).toBeLessThan(200);
    expect((await t.db.runData.findUniqueOrThrow({ where: { runId_key: { runId, key: "trigger" } } })).value).toBe(JSON.stringify({ items }));
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("COMPLETED");
    const state = JSON.parse(run.state) as { vars: Record<string, unknown> };
    expect(state.vars).toMatchObject({ n: 200, last: items[199] });
    const detail = await getRun(t.admin, runId, t.db);
    expect(detail.triggerData).toEqual({ items });
  });
});
