import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Graph } from "@/lib/graph/schema";
import { createRun } from "@/server/services/runs/create-run";
import { createAutomation, edge, engineEnv, node, setupEngineTest, setVars, stepsOf, trigger, waitForStatus, type EngineTest } from "./helpers";

engineEnv();

const cond = (id: string, field: string, operator: string, value: unknown) =>
  node(id, "condition", { match: "all", groups: [{ match: "all", conditions: [{ field, operator, value }] }] });

describe("engine: branching", () => {
  let t: EngineTest;
  let automationId: string;
  beforeAll(async () => {
    t = await setupEngineTest();
    // trigger → check(amount ≥ 100) → true: big → merge ; false: small → merge ; merge → end
    const graph: Graph = {
      nodes: [
        trigger(),
        cond("check", "trigger.amount", "gte", 100),
        setVars("big", { size: "big" }),
        setVars("small", { size: "small" }),
        setVars("merge", { summary: "{{vars.size}}:{{trigger.amount}}" }),
        node("end", "stop", { status: "completed", message: "" }),
      ],
      edges: [edge("trigger", "check"), edge("check", "big", "true"), edge("check", "small", "false"), edge("big", "merge"), edge("small", "merge"), edge("merge", "end")],
    };
    ({ automationId } = await createAutomation(t.db, t.ws.workspaceId, graph));
  });
  afterAll(async () => t.cleanup());

  async function runWith(amount: number) {
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { amount } }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    return { run, steps: await stepsOf(t.db, runId) };
  }

  it("follows the true handle when the condition matches", async () => {
    const { run, steps } = await runWith(250);
    expect(run.status).toBe("COMPLETED");
    expect(steps.map((s) => s.nodeId)).toEqual(["trigger", "check", "big", "merge", "end"]);
    expect(steps.find((s) => s.nodeId === "check")?.handle).toBe("true");
    expect(JSON.parse(steps.find((s) => s.nodeId === "merge")?.response ?? "null")).toEqual({ variables: { summary: "big:250" } });
  });

  it("follows the false handle otherwise; the untaken branch never runs", async () => {
    const { run, steps } = await runWith(5);
    expect(run.status).toBe("COMPLETED");
    expect(steps.map((s) => s.nodeId)).toEqual(["trigger", "check", "small", "merge", "end"]);
    expect(steps.find((s) => s.nodeId === "check")?.handle).toBe("false");
    expect(JSON.parse(steps.find((s) => s.nodeId === "merge")?.response ?? "null")).toEqual({ variables: { summary: "small:5" } });
  });

  it("a node reached by two parallel paths runs once, after both paths", async () => {
    // trigger → a → c ; trigger → b1 → b2 → c  (c must see vars from both paths and run once)
    const graph: Graph = {
      nodes: [trigger(), setVars("a", { x: "1" }), setVars("b1", { y: "2" }), setVars("b2", { z: "3" }), setVars("c", { all: "{{vars.x}}{{vars.y}}{{vars.z}}" })],
      edges: [edge("trigger", "a"), edge("trigger", "b1"), edge("b1", "b2"), edge("a", "c"), edge("b2", "c")],
    };
    const a = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId: a.automationId, triggerType: "manual" }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("COMPLETED");
    const steps = await stepsOf(t.db, runId);
    expect(steps.filter((s) => s.nodeId === "c")).toHaveLength(1);
    expect(steps.map((s) => s.nodeId).indexOf("c")).toBe(4);
    expect(JSON.parse(steps.find((s) => s.nodeId === "c")?.response ?? "null")).toEqual({ variables: { all: "123" } });
  });
});
