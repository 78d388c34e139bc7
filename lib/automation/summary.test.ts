import { describe, expect, it } from "vitest";
import { summarizeGraph } from "./summary";

const n = (id: string, type: string) => ({ id, type, name: id, config: {}, position: { x: 0, y: 0 } });

describe("summarizeGraph", () => {
  it("counts non-trigger steps and names the trigger type", () => {
    expect(summarizeGraph({ nodes: [n("a", "http_request"), n("t", "manual"), n("b", "code")], edges: [] })).toEqual({ triggerType: "manual", stepCount: 2 });
    expect(summarizeGraph({ nodes: [n("a", "code")], edges: [] })).toEqual({ triggerType: null, stepCount: 1 });
    expect(summarizeGraph({ nodes: [], edges: [] })).toEqual({ triggerType: null, stepCount: 0 });
    expect(summarizeGraph("garbage")).toEqual({ triggerType: null, stepCount: 0 });
  });
});
