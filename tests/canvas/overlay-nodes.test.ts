import { describe, expect, it } from "vitest";
import { overlayFromNodes } from "@/components/canvas/run/overlay";

/** The canvas test-run overlay built from runs.overlay (per-node aggregates) and, once settled, a page of step payloads. */
describe("overlayFromNodes", () => {
  const edges = [
    { id: "e1", source: "t", sourceHandle: "next", target: "if" },
    { id: "e2", source: "if", sourceHandle: "true", target: "yes" },
    { id: "e3", source: "if", sourceHandle: "false", target: "no" },
  ];
  const node = (nodeId: string, status: string, handles: string[], extra: Partial<{ executions: number; attempts: number; error: string }> = {}) => ({
    nodeId,
    status,
    handles,
    executions: extra.executions ?? 1,
    attempts: extra.attempts ?? 1,
    attempt: extra.attempts ?? 1,
    stepId: `s-${nodeId}`,
    error: extra.error ?? null,
    durationMs: 5,
  });

  it("marks statuses, counts and the edges taken, without payloads while running", () => {
    const o = overlayFromNodes(
      { id: "r1", status: "RUNNING", error: null, nodes: [node("t", "SUCCEEDED", ["next"]), node("if", "SUCCEEDED", ["true"]), node("yes", "RUNNING", [], { attempts: 2 })] },
      edges,
      { triggerData: { a: 1 } },
    );
    expect(o.status).toBe("RUNNING");
    expect([...o.takenEdges].sort()).toEqual(["e1", "e2"]);
    expect(o.steps.yes).toMatchObject({ status: "RUNNING", attempts: 2, attempt: 2 });
    expect(o.steps.no).toBeUndefined();
    expect("response" in o.steps.t).toBe(false);
    expect(o.triggerData).toEqual({ a: 1 });
  });

  it("merges the payloads of the latest attempts once the run settled", () => {
    const o = overlayFromNodes(
      { id: "r1", status: "FAILED", error: "boom", nodes: [node("t", "SUCCEEDED", ["next"]), node("if", "FAILED", [], { error: "boom" })] },
      edges,
      { payloads: [{ id: "s-t", nodeId: "t", request: null, response: { ok: 1 } }, { id: "old", nodeId: "if", request: { x: 1 }, response: null }] },
    );
    expect(o.steps.t.response).toEqual({ ok: 1 });
    expect(o.steps.if).toMatchObject({ status: "FAILED", error: "boom", request: { x: 1 } });
    expect(o.error).toBe("boom");
    expect([...o.takenEdges]).toEqual(["e1"]);
  });
});
