import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun } from "@/server/services/runs/create-run";
import { resetEnvForTests } from "@/server/env";
import { testRegistry } from "./fixture-nodes";
import { chain, createAutomation, engineEnv, node, setupEngineTest, setVars, stepsOf, trigger, waitForStatus, type EngineTest } from "./helpers";

engineEnv();

describe("engine: automation conditions and large outputs", () => {
  let t: EngineTest;
  beforeAll(async () => {
    t = await setupEngineTest({ registry: testRegistry, outputLimitBytes: 4096 });
  });
  afterAll(async () => {
    resetEnvForTests();
    await t.cleanup();
  });

  const conditions = [
    { field: "tags", operator: "contains", value: "VIP" },
    { field: "deal.value", operator: "gte", value: 5000 },
  ];

  it("skips the run when a condition is not met: no step executes, the failing condition is recorded", async () => {
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("a", { x: "1" })]), { conditions });
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { tags: ["VIP"], deal: { value: 100 } } }, t.db);
    const run = await waitForStatus(t.db, runId, ["SKIPPED", "COMPLETED", "FAILED"]);
    expect(run.status).toBe("SKIPPED");
    expect(run.finishedAt).not.toBeNull();
    expect(await stepsOf(t.db, runId)).toHaveLength(0);
    const result = JSON.parse(run.conditionsResult ?? "null") as { passed: boolean; results: unknown[]; failed: { field: string; reason: string } };
    expect(result.passed).toBe(false);
    expect(result.results).toHaveLength(2);
    expect(result.failed.field).toBe("deal.value");
    expect(result.failed.reason).toBe("deal.value is 100, expected gte 5000");
  });

  it("runs when every condition passes", async () => {
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("a", { x: "1" })]), { conditions });
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { tags: ["VIP"], deal: { value: 9000 } } }, t.db);
    const run = await waitForStatus(t.db, runId, ["SKIPPED", "COMPLETED", "FAILED"]);
    expect(run.status).toBe("COMPLETED");
    expect(JSON.parse(run.conditionsResult ?? "null").passed).toBe(true);
  });

  it("truncates outputs above the limit, flags them, and later steps see the truncated value", async () => {
    const graph = chain([trigger(), node("big", "test_big_output", { bytes: 20_000 }), node("small", "test_big_output", { bytes: 100 }), setVars("after", { t: "{{steps.big.truncated}}" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const run = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(run.status).toBe("COMPLETED");
    const steps = await stepsOf(t.db, runId);
    const big = steps.find((s) => s.nodeId === "big");
    expect(big?.responseTruncated).toBe(true);
    expect(Buffer.byteLength(big?.response ?? "", "utf8")).toBeLessThanOrEqual(4096);
    const stored = JSON.parse(big?.response ?? "null") as { truncated: boolean; originalBytes: number; preview: string };
    expect(stored.truncated).toBe(true);
    expect(stored.originalBytes).toBe(JSON.stringify({ blob: "x".repeat(20_000) }).length);
    expect(stored.preview.startsWith('{"blob":"xxx')).toBe(true);
    expect(steps.find((s) => s.nodeId === "small")?.responseTruncated).toBe(false);
    expect(JSON.parse(steps.find((s) => s.nodeId === "after")?.response ?? "null")).toEqual({ variables: { t: true } });
  });
});
