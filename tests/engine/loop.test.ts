import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Graph } from "@/lib/graph/schema";
import { createRun } from "@/server/services/runs/create-run";
import { createAutomation, edge, engineEnv, node, setupEngineTest, setVars, stepsOf, trigger, waitForStatus, type EngineTest } from "./helpers";

engineEnv();

describe("engine: loops", () => {
  let t: EngineTest;
  beforeAll(async () => {
    t = await setupEngineTest();
  });
  afterAll(async () => t.cleanup());

  it("runs the item branch once per element (sequentially, in order), then done", async () => {
    const graph: Graph = {
      nodes: [
        trigger(),
        node("each", "loop", { items: "{{trigger.orders}}", maxItems: 100 }),
        setVars("body", { last: "{{loop.item.sku}}#{{loop.index}}", seen: "{{vars.seen}}{{loop.item.sku}}," }),
        setVars("after", { final: "{{vars.seen}}" }),
      ],
      edges: [edge("trigger", "each"), edge("each", "body", "item"), edge("each", "after", "done")],
    };
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const orders = [{ sku: "A" }, { sku: "B" }, { sku: "C" }];
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { orders } }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("COMPLETED");
    const steps = await stepsOf(t.db, runId);
    expect(steps.map((s) => `${s.nodeId}@${s.iteration}`)).toEqual(["trigger@", "each@", "body@0", "body@1", "body@2", "after@"]);
    expect(new Set(steps.map((s) => s.idempotencyKey)).size).toBe(steps.length);
    expect(steps.find((s) => s.iteration === "2")?.idempotencyKey).toBe(`${runId}:body:2`);
    expect(JSON.parse(steps[4].request ?? "null").variables[0].value).toBe("C#2");
    expect(JSON.parse(steps[5].response ?? "null")).toEqual({ variables: { final: "A,B,C," } });
    expect(steps.find((s) => s.nodeId === "each")?.handle).toBe("item");
  });

  it("nested loops use iteration paths i.j and an empty list skips straight to done", async () => {
    const graph: Graph = {
      nodes: [
        trigger(),
        node("outer", "loop", { items: "{{trigger.rows}}", maxItems: 10 }),
        node("inner", "loop", { items: "{{loop.item.cells}}", maxItems: 10 }),
        setVars("cell", { acc: "{{vars.acc}}[{{loop.item}}]" }),
        setVars("rowDone", { acc: "{{vars.acc}}|" }),
        setVars("end", { result: "{{vars.acc}}" }),
      ],
      edges: [
        edge("trigger", "outer"),
        edge("outer", "inner", "item"),
        edge("inner", "cell", "item"),
        edge("inner", "rowDone", "done"),
        edge("outer", "end", "done"),
      ],
    };
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const rows = [{ cells: ["a", "b"] }, { cells: [] }, { cells: ["c"] }];
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { rows } }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.error).toBeNull();
    expect(run.status).toBe("COMPLETED");
    const steps = await stepsOf(t.db, runId);
    expect(steps.map((s) => `${s.nodeId}@${s.iteration}`)).toEqual([
      "trigger@",
      "outer@",
      "inner@0",
      "cell@0.0",
      "cell@0.1",
      "rowDone@0",
      "inner@1",
      "rowDone@1",
      "inner@2",
      "cell@2.0",
      "rowDone@2",
      "end@",
    ]);
    expect(JSON.parse(steps[steps.length - 1].response ?? "null")).toEqual({ variables: { result: "[a][b]||[c]|" } });
  });

  it("an empty list runs no body step", async () => {
    const graph: Graph = {
      nodes: [trigger(), node("each", "loop", { items: "{{trigger.items}}", maxItems: 5 }), setVars("body", { x: "1" }), setVars("after", { y: "2" })],
      edges: [edge("trigger", "each"), edge("each", "body", "item"), edge("each", "after", "done")],
    };
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { items: [] } }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("COMPLETED");
    expect((await stepsOf(t.db, runId)).map((s) => s.nodeId)).toEqual(["trigger", "each", "after"]);
  });
});
