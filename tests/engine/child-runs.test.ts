import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun, MAX_CHILD_DEPTH } from "@/server/services/runs/create-run";
import { createChildRunStarter } from "@/server/services/runs/child-runs";
import { cancelRun } from "@/server/services/runs/cancel-run";
import { StepError } from "@/server/engine/contract";
import { chain, createAutomation, engineEnv, node, setupEngineTest, setVars, stepsOf, trigger, waitFor, waitForStatus, type EngineTest } from "./helpers";

engineEnv();

const runWorkflow = (id: string, automationId: string, waitForCompletion: boolean, input: Array<{ key: string; value: string }> = []) =>
  node(id, "run_workflow", { automationId, input, waitForCompletion });

describe("engine: child runs", () => {
  let t: EngineTest;
  let childId: string;
  let failingChildId: string;
  beforeAll(async () => {
    t = await setupEngineTest();
    childId = (
      await createAutomation(
        t.db,
        t.ws.workspaceId,
        chain([trigger(), node("pause", "delay", { mode: "duration", amount: 1, unit: "seconds" }), setVars("double", { doubled: "{{trigger.n}}{{trigger.n}}" })]),
        { name: "child" },
      )
    ).automationId;
    failingChildId = (
      await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), node("boom", "stop", { status: "failed", message: "child says no to {{trigger.n}}" })]), { name: "failing child" })
    ).automationId;
  });
  afterAll(async () => t.cleanup());

  it("waits for the child (parent WAITING_FOR_CHILD) and continues with its result", async () => {
    const graph = chain([trigger(), runWorkflow("call", childId, true, [{ key: "n", value: "{{trigger.n}}" }]), setVars("use", { got: "{{steps.call.output.vars.doubled}}" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { n: 7 } }, t.db);
    const waiting = await waitForStatus(t.db, runId, ["WAITING_FOR_CHILD"]);
    expect(waiting.waitKind).toBe("child");
    const child = await waitFor("the child run", () => t.db.run.findFirst({ where: { parentRunId: runId } }));
    expect(child.parentNodeId).toBe("call");
    expect(child.depth).toBe(1);
    expect(child.triggerType).toBe("child");
    expect(child.idempotencyKey).toBe(`${runId}:call:`);
    expect(JSON.parse(child.triggerData)).toEqual({ n: 7 });
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("COMPLETED");
    expect((await t.db.run.findUniqueOrThrow({ where: { id: child.id } })).status).toBe("COMPLETED");
    const steps = await stepsOf(t.db, runId);
    expect(steps.map((s) => `${s.nodeId}:${s.status}`)).toEqual(["trigger:SUCCEEDED", "call:SUCCEEDED", "use:SUCCEEDED"]);
    expect(JSON.parse(steps[2].response ?? "null")).toEqual({ variables: { got: "77" } });
  });

  it("fire-and-forget: the parent continues at once with the child run id", async () => {
    const graph = chain([trigger(), runWorkflow("call", childId, false, [{ key: "n", value: "1" }]), setVars("use", { child: "{{steps.call.childRunId}}" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("COMPLETED");
    const child = await t.db.run.findFirstOrThrow({ where: { parentRunId: runId } });
    expect(["QUEUED", "RUNNING", "PAUSED"]).toContain(child.status);
    expect(JSON.parse(run.state).vars).toEqual({ child: child.id });
    expect((await waitForStatus(t.db, child.id, ["COMPLETED", "FAILED"])).status).toBe("COMPLETED");
  });

  it("a failed child surfaces as a failed step (and a failed parent)", async () => {
    const graph = chain([trigger(), runWorkflow("call", failingChildId, true, [{ key: "n", value: "3" }]), setVars("never", { x: "1" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("FAILED");
    expect(run.errorCode).toBe("CHILD_FAILED");
    expect(run.error).toContain("child says no to 3");
    const steps = await stepsOf(t.db, runId);
    expect(steps.map((s) => `${s.nodeId}:${s.status}`)).toEqual(["trigger:SUCCEEDED", "call:FAILED"]);
  });

  it("child runs stay in the workspace and nest at most MAX_CHILD_DEPTH levels", async () => {
    const other = await createAutomation(t.db, t.ws.otherWorkspaceId, chain([trigger()]));
    const graph = chain([trigger(), runWorkflow("call", other.automationId, true)]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("FAILED");
    expect(run.errorCode).toBe("CHILD_NOT_FOUND");
    expect(run.error).toContain(`Automation ${other.automationId} not found in this workspace`);
    expect(await t.db.run.count({ where: { parentRunId: runId } })).toBe(0);

    await t.db.run.update({ where: { id: runId }, data: { depth: MAX_CHILD_DEPTH } });
    const starter = createChildRunStarter(t.db);
    const err = await starter.start({ automationId: childId, input: {}, parentRunId: runId, parentNodeId: "call", idempotencyKey: "depth-test" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepError);
    expect((err as StepError).retryable).toBe(false);
    expect((err as StepError).message).toMatch(/at most 10 levels/);
  });

  it("the same step idempotency key never starts two children", async () => {
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId: childId, triggerType: "manual", triggerData: { n: 1 } }, t.db);
    const starter = createChildRunStarter(t.db);
    const args = { automationId: childId, input: { n: 2 }, parentRunId: runId, parentNodeId: "x", idempotencyKey: `${runId}:x:` };
    const [a, b] = await Promise.all([starter.start(args), starter.start(args)]);
    expect(a.runId).toBe(b.runId);
    expect(await t.db.run.count({ where: { parentRunId: runId } })).toBe(1);
  });

  it("cancelling a parent that waits for its child cancels the child too", async () => {
    const slowChild = (
      await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), node("nap", "delay", { mode: "duration", amount: 30, unit: "seconds" })]), { name: "slow child" })
    ).automationId;
    const graph = chain([trigger(), runWorkflow("call", slowChild, true, [{ key: "n", value: "1" }])]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph, { name: "waiting parent" });
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    await waitForStatus(t.db, runId, ["WAITING_FOR_CHILD"]);
    const child = await waitFor("the child run", () => t.db.run.findFirst({ where: { parentRunId: runId } }));
    await waitForStatus(t.db, child.id, ["PAUSED"]);

    await cancelRun(t.admin, runId, t.db);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("CANCELLED");
    expect((await t.db.run.findUniqueOrThrow({ where: { id: child.id } })).status).toBe("CANCELLED");
  });
});
