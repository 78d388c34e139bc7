import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun } from "@/server/services/runs/create-run";
import { chain, createAutomation, engineEnv, node, setupEngineTest, setVars, stepsOf, trigger, waitForStatus, type EngineTest } from "./helpers";

engineEnv();

describe("engine: linear run", () => {
  let t: EngineTest;
  beforeAll(async () => {
    t = await setupEngineTest();
  });
  afterAll(async () => t.cleanup());

  it("executes every step in order, records each StepRun and the run state", async () => {
    const graph = chain([
      trigger(),
      setVars("a", { greeting: "Hello {{trigger.name}}", count: "{{trigger.count}}" }),
      setVars("b", { message: "{{vars.greeting}} ({{steps.a.variables.count}}) {{steps.Trigger.name}}" }),
      node("end", "stop", { status: "completed", message: "done for {{trigger.name}}" }),
    ]);
    const { automationId, versionId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId, created } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { name: "Ada", count: 3 } }, t.db);
    expect(created).toBe(true);

    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("COMPLETED");
    expect(run.versionId).toBe(versionId);
    expect(run.versionNumber).toBe(1);
    expect(run.error).toBeNull();
    expect(run.stepCount).toBe(4);
    expect(run.failedStepCount).toBe(0);
    expect(run.startedAt).not.toBeNull();
    expect(run.finishedAt).not.toBeNull();
    expect(run.leaseToken).toBeNull();
    expect(JSON.parse(run.conditionsResult ?? "null")).toMatchObject({ passed: true });

    const steps = await stepsOf(t.db, runId);
    expect(steps.map((s) => [s.nodeId, s.status, s.handle])).toEqual([
      ["trigger", "SUCCEEDED", "next"],
      ["a", "SUCCEEDED", "next"],
      ["b", "SUCCEEDED", "next"],
      ["end", "SUCCEEDED", null],
    ]);
    for (const s of steps) {
      expect(s.idempotencyKey).toBe(`${runId}:${s.nodeId}:`);
      expect(s.attempt).toBe(1);
      expect(s.workspaceId).toBe(t.ws.workspaceId);
      expect(s.durationMs).not.toBeNull();
      expect(s.finishedAt).not.toBeNull();
    }
    const b = steps[2];
    expect(JSON.parse(b.request ?? "null")).toMatchObject({ variables: [{ key: "message", value: "Hello Ada (3) Ada" }] });
    expect(JSON.parse(steps[1].response ?? "null")).toEqual({ variables: { greeting: "Hello Ada", count: 3 } });
    const state = JSON.parse(run.state) as { vars: Record<string, unknown> };
    expect(state.vars).toEqual({ greeting: "Hello Ada", count: 3, message: "Hello Ada (3) Ada" });
  });

  it("records missing template variables as warnings and resolves them to empty", async () => {
    const graph = chain([trigger(), setVars("a", { x: "[{{trigger.nope}}]" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: {} }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("COMPLETED");
    const a = (await stepsOf(t.db, runId)).find((s) => s.nodeId === "a");
    expect(JSON.parse(a?.warnings ?? "[]")).toEqual(["variables.0.value: {{trigger.nope}} was not found"]);
    expect(JSON.parse(a?.response ?? "null")).toEqual({ variables: { x: "[]" } });
  });
});
