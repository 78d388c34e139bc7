import { describe, expect, it } from "vitest";
import { NODE_TYPES } from "@/lib/nodes/registry";
import { StepError } from "@/server/engine/contract";
import { conditionExecutor } from "@/server/nodes/condition";
import { delayExecutor } from "@/server/nodes/delay";
import { loopExecutor } from "@/server/nodes/loop";
import { manualExecutor } from "@/server/nodes/trigger";
import { NODE_EXECUTORS, getExecutor } from "@/server/nodes/registry";
import { setVariablesExecutor } from "@/server/nodes/set-variables";
import { stopExecutor } from "@/server/nodes/stop";
import { makeCtx, rejection } from "./helpers";

const NOW = new Date("2025-03-01T10:00:00.000Z");
const clock = { now: () => NOW };

describe("registry", () => {
  it("has an executor for every catalog type, with the same version", () => {
    for (const def of NODE_TYPES) {
      const exec = getExecutor(def.type);
      expect(exec, def.type).toBeDefined();
      expect(exec?.version).toBe(def.version);
    }
    expect(NODE_EXECUTORS.size).toBe(NODE_TYPES.length);
    expect(getExecutor("nope")).toBeUndefined();
  });
});

describe("manual", () => {
  it("outputs the trigger data", async () => {
    const ctx = makeCtx({ config: {}, services: {}, scope: { trigger: { a: 1 }, steps: {}, vars: {} } });
    expect(await manualExecutor.execute(ctx)).toEqual({ output: { a: 1 } });
    expect(await manualExecutor.preview(ctx)).toEqual({ output: { a: 1 } });
  });
});

describe("condition", () => {
  const config = {
    match: "all",
    groups: [
      {
        match: "all",
        conditions: [
          { field: "trigger.deal.value", operator: "gte", value: 1000 },
          { field: "vars.tier", operator: "in", value: ["gold", "platinum"] },
        ],
      },
    ],
  };
  it("follows true with evaluations when every condition passes", async () => {
    const ctx = makeCtx({ config, services: {}, scope: { trigger: { deal: { value: 5000 } }, steps: {}, vars: { tier: "gold" } } });
    const r = await conditionExecutor.execute(ctx);
    expect(r).toMatchObject({ handle: "true", output: { result: true } });
    const out = (r as { output: { evaluations: Array<{ passed: boolean; actual: unknown; field: string }> } }).output;
    expect(out.evaluations).toHaveLength(2);
    expect(out.evaluations[0]).toMatchObject({ field: "trigger.deal.value", actual: 5000, passed: true, group: 0 });
  });
  it("follows false and explains why", async () => {
    const ctx = makeCtx({ config, services: {}, scope: { trigger: { deal: { value: 10 } }, steps: {}, vars: { tier: "gold" } } });
    const r = await conditionExecutor.execute(ctx);
    expect(r).toMatchObject({ handle: "false", output: { result: false } });
    expect((r as { output: { reason: string } }).output.reason).toContain("trigger.deal.value is 10");
  });
  it("reads step outputs and the loop item", async () => {
    const ctx = makeCtx({
      config: { match: "any", groups: [{ match: "all", conditions: [{ field: 'steps["Fetch order"].body.status', operator: "eq", value: "paid" }] }, { conditions: [{ field: "loop.item.sku", operator: "exists" }] }] },
      services: {},
      scope: { trigger: {}, steps: { "Fetch order": { body: { status: "open" } } }, vars: {}, loop: { item: { sku: "A-1" }, index: 0 } },
    });
    expect(await conditionExecutor.execute(ctx)).toMatchObject({ handle: "true" });
  });
  it("rejects an invalid tree as a fatal config error", async () => {
    const err = await rejection(conditionExecutor.execute(makeCtx({ config: { match: "all", groups: [] }, services: {} })));
    expect(err).toBeInstanceOf(StepError);
    expect(err.code).toBe("CONFIG_INVALID");
    expect(err.message).toContain('"groups"');
  });
});

describe("delay", () => {
  it("asks to wait for a duration, then outputs waitedUntil when resumed", async () => {
    const ctx = makeCtx({ config: { mode: "duration", amount: 5, unit: "minutes" }, services: clock });
    const r = await delayExecutor.execute(ctx);
    expect(r).toEqual({ wait: { kind: "until", until: new Date("2025-03-01T10:05:00.000Z"), output: { waitUntil: "2025-03-01T10:05:00.000Z" } } });
    const later = new Date("2025-03-01T10:05:00.200Z");
    const resumed = await delayExecutor.execute(makeCtx({ config: ctx.config, services: { now: () => later }, resume: { kind: "until" } }));
    expect(resumed).toEqual({ output: { waitedUntil: later.toISOString() } });
  });
  it("waits until a date, continues at once when it is past", async () => {
    const future = await delayExecutor.execute(makeCtx({ config: { mode: "until", until: "2025-03-02T09:00:00Z" }, services: clock }));
    expect(future).toMatchObject({ wait: { kind: "until", until: new Date("2025-03-02T09:00:00Z") } });
    const past = await delayExecutor.execute(makeCtx({ config: { mode: "until", until: "2025-02-01 08:00" }, services: clock }));
    expect(past).toMatchObject({ output: { waitedUntil: "2025-02-01T08:00:00.000Z", skipped: true } });
    const resumed = await delayExecutor.execute(makeCtx({ config: { mode: "until", until: "2025-03-02T09:00:00Z" }, services: clock, resume: { kind: "until" } }));
    expect(resumed).toEqual({ output: { waitedUntil: "2025-03-02T09:00:00.000Z" } });
  });
  it("fails on a date that a template filled with garbage", async () => {
    const err = await rejection(delayExecutor.execute(makeCtx({ config: { mode: "until", until: "next tuesday" }, services: clock })));
    expect(err.code).toBe("CONFIG_INVALID");
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('"until"');
  });
  it("previews without waiting", async () => {
    expect(await delayExecutor.preview(makeCtx({ config: { mode: "duration", amount: 2, unit: "hours" }, services: clock }))).toEqual({
      mode: "duration",
      waitUntil: "2025-03-01T12:00:00.000Z",
      waits: true,
    });
  });
});

describe("loop", () => {
  it("iterates over a list and continues on done", async () => {
    const r = await loopExecutor.execute(makeCtx({ config: { items: [{ sku: "A" }, { sku: "B" }], maxItems: 10 }, services: {} }));
    expect(r).toEqual({
      output: { count: 2, total: 2, truncated: false, items: [{ sku: "A" }, { sku: "B" }] },
      handle: "item",
      iterate: { items: [{ sku: "A" }, { sku: "B" }], then: "done" },
    });
  });
  it("truncates to maxItems with a warning", async () => {
    const items = Array.from({ length: 250 }, (_, i) => i);
    const r = await loopExecutor.execute(makeCtx({ config: { items, maxItems: 120 }, services: {} }));
    if (!("output" in r)) throw new Error("expected output");
    expect(r.iterate?.items).toHaveLength(120);
    expect(r.output).toMatchObject({ count: 120, total: 250, truncated: true });
    expect((r.output as { items: unknown[] }).items).toHaveLength(100);
    expect(r.warnings?.[0]).toMatch(/250 items; only the first 120/);
  });
  it("accepts JSON array text and treats nothing as an empty list", async () => {
    const r = await loopExecutor.execute(makeCtx({ config: { items: '["a","b"]' }, services: {} }));
    expect(r).toMatchObject({ iterate: { items: ["a", "b"] } });
    const empty = await loopExecutor.execute(makeCtx({ config: { items: "" }, services: {} }));
    expect(empty).toMatchObject({ output: { count: 0 }, iterate: { items: [] } });
    expect((empty as { warnings: string[] }).warnings[0]).toMatch(/ran 0 times/);
  });
  it("fails when the items are not a list", async () => {
    const err = await rejection(loopExecutor.execute(makeCtx({ config: { items: { a: 1 } }, services: {} })));
    expect(err.code).toBe("LOOP_NOT_A_LIST");
    expect(err.message).toContain("got object");
  });
});

describe("set_variables", () => {
  it("outputs { variables } and hands them to the engine, keeping resolved types", async () => {
    const r = await setVariablesExecutor.execute(
      makeCtx({ config: { variables: [{ key: "status", value: "new" }, { key: "score", value: 42 }, { key: "tags", value: ["a"] }] }, services: {} }),
    );
    const variables = { status: "new", score: 42, tags: ["a"] };
    expect(r).toEqual({ output: { variables }, variables });
  });
  it("rejects invalid names", async () => {
    const err = await rejection(setVariablesExecutor.execute(makeCtx({ config: { variables: [{ key: "1bad", value: "x" }] }, services: {} })));
    expect(err.code).toBe("CONFIG_INVALID");
    expect(err.message).toContain('"variables.0.key"');
  });
});

describe("stop", () => {
  it("ends the run as completed or failed", async () => {
    expect(await stopExecutor.execute(makeCtx({ config: { status: "failed", message: "No stock" }, services: {} }))).toEqual({
      output: { status: "failed", message: "No stock" },
      stop: { status: "FAILED", message: "No stock" },
    });
    expect(await stopExecutor.execute(makeCtx({ config: {}, services: {} }))).toMatchObject({ stop: { status: "COMPLETED" } });
  });
});
