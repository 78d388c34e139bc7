import { describe, expect, it } from "vitest";
import { z } from "zod";
import { deriveFields, humanize, inferWidget, isFieldVisible, issuesByField } from "@/components/canvas/panel/derive-fields";
import { collectVariables, flattenPaths } from "@/components/canvas/panel/variables";
import { getNodeType, NODE_TYPES } from "@/lib/nodes/registry";
import type { Graph } from "@/lib/graph/schema";

describe("deriveFields", () => {
  it("derives the HTTP request form from its schema and field hints", () => {
    const fields = deriveFields(getNodeType("http_request")!);
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(fields.map((f) => f.name)).toEqual(["method", "url", "connectionId", "headers", "query", "bodyType", "body", "timeoutMs", "failOnHttpError"]);
    expect(byName.connectionId).toMatchObject({ widget: "connection", label: "Authentication" });
    expect(byName.method).toMatchObject({ widget: "select", options: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"], defaultValue: "GET" });
    expect(byName.url).toMatchObject({ widget: "url", templated: true, required: true, label: "URL" });
    expect(byName.headers.widget).toBe("keyValue");
    expect(byName.timeoutMs).toMatchObject({ widget: "number", unit: "ms", min: 100, max: 120000, integer: true, advanced: true });
    expect(byName.failOnHttpError.widget).toBe("switch");
    expect(byName.body.showIf).toEqual({ field: "bodyType", equals: ["json", "text"] });
  });

  it("infers widgets for schemas without hints", () => {
    const fields = deriveFields({
      configSchema: z.object({
        name: z.string().describe("Your name"),
        count: z.number().int().min(1),
        on: z.boolean(),
        color: z.enum(["red", "blue"]),
        tags: z.array(z.enum(["a", "b"])),
        rows: z.array(z.object({ key: z.string(), value: z.string() })),
        payload: z.record(z.string(), z.unknown()),
      }),
      fieldMeta: {},
    });
    expect(fields.map((f) => [f.name, f.widget])).toEqual([
      ["name", "text"],
      ["count", "number"],
      ["on", "switch"],
      ["color", "select"],
      ["tags", "multiselect"],
      ["rows", "keyValue"],
      ["payload", "json"],
    ]);
    expect(fields[0]).toMatchObject({ label: "Name", description: "Your name" });
    expect(fields[4].options).toEqual(["a", "b"]);
    expect(inferWidget({})).toBe("json");
  });

  it("hides the top-level match next to a condition tree and covers every catalog type", () => {
    const cond = deriveFields(getNodeType("condition")!);
    expect(cond.map((f) => f.name)).toEqual(["groups"]);
    for (const def of NODE_TYPES) expect(deriveFields(def).length, def.type).toBeGreaterThan(0);
  });

  it("evaluates showIf against config and defaults", () => {
    const fields = deriveFields(getNodeType("http_request")!);
    const bodyType = fields.find((f) => f.name === "bodyType")!;
    expect(isFieldVisible(bodyType, {}, fields)).toBe(false);
    expect(isFieldVisible(bodyType, { method: "POST" }, fields)).toBe(true);
  });

  it("groups issues by top-level field with readable sub-paths", () => {
    expect(issuesByField([{ field: "headers.1.key", message: "is required" }, { field: "url", message: "is required" }, { message: "whole" }])).toEqual({
      headers: ["row 2 › key: is required"],
      url: ["is required"],
      "": ["whole"],
    });
    expect(humanize("failOnHttpError")).toBe("Fail on http error");
  });
});

describe("collectVariables", () => {
  const graph: Graph = {
    nodes: [
      { id: "t", type: "manual", name: "Start", config: { sampleData: { order: { id: 7, total: 10 } } }, position: { x: 0, y: 0 } },
      { id: "h", type: "http_request", name: "Fetch order", config: {}, position: { x: 0, y: 0 } },
      { id: "v", type: "set_variables", name: "Remember", config: { variables: [{ key: "score", value: "5" }] }, position: { x: 0, y: 0 } },
      { id: "x", type: "send_email", name: "Mail", config: {}, position: { x: 0, y: 0 } },
      { id: "later", type: "http_request", name: "Later", config: {}, position: { x: 0, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "t", sourceHandle: "next", target: "h" },
      { id: "e2", source: "h", sourceHandle: "next", target: "v" },
      { id: "e3", source: "v", sourceHandle: "next", target: "x" },
      { id: "e4", source: "x", sourceHandle: "next", target: "later" },
    ],
  };

  it("offers trigger sample data, upstream step samples, vars and built-ins", () => {
    const groups = collectVariables({ graph, nodeId: "x", getType: getNodeType });
    expect(groups.map((g) => g.id)).toEqual(["trigger", "step-h", "step-v", "vars", "builtin"]);
    const trigger = groups[0];
    expect(trigger.source).toBe("config");
    expect(trigger.options.map((o) => o.path)).toEqual(["trigger", "trigger.order", "trigger.order.id", "trigger.order.total"]);
    const step = groups[1];
    expect(step.source).toBe("sample");
    expect(step.options.map((o) => o.path)).toContain('steps["Fetch order"].body.status');
    expect(groups[3].options).toEqual([{ path: "vars.score", label: "score", preview: '"5"' }]);
  });

  it("prefers the last run's real data", () => {
    const groups = collectVariables({
      graph,
      nodeId: "x",
      getType: getNodeType,
      runTriggerData: { customer: "Ada" },
      runOutputs: { h: { status: 201, body: { ok: true } } },
    });
    expect(groups[0]).toMatchObject({ source: "run" });
    expect(groups[0].options.map((o) => o.path)).toEqual(["trigger", "trigger.customer"]);
    expect(groups[1].source).toBe("run");
    expect(groups[1].options.map((o) => o.path)).toContain('steps["Fetch order"].body.ok');
  });

  it("offers nothing downstream and no trigger for the trigger itself", () => {
    const atTrigger = collectVariables({ graph, nodeId: "t", getType: getNodeType });
    expect(atTrigger.map((g) => g.id)).toEqual(["builtin"]);
    expect(collectVariables({ graph, nodeId: "h", getType: getNodeType }).map((g) => g.id)).toEqual(["trigger", "builtin"]);
  });

  it("flattens arrays through their first element", () => {
    expect(flattenPaths({ items: [{ sku: "A" }] }).map((p) => p.segments.join("."))).toEqual(["items", "items.0", "items.0.sku"]);
  });
});

describe("schedule trigger form", () => {
  it("renders its timetable through the schedule widgets; unit is edited by the interval widget", () => {
    const fields = deriveFields(getNodeType("schedule")!);
    expect(fields.map((f) => [f.name, f.widget])).toEqual([
      ["mode", "scheduleMode"],
      ["cron", "cron"],
      ["days", "weekdays"],
      ["time", "timeOfDay"],
      ["every", "interval"],
      ["timezone", "timezone"],
      ["endAt", "datetime"],
      ["maxRuns", "number"],
      ["missedPolicy", "select"],
    ]);
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(isFieldVisible(byName.days, { mode: "weekly" }, fields)).toBe(true);
    expect(isFieldVisible(byName.every, { mode: "weekly" }, fields)).toBe(false);
    // empty = the workspace's zone, resolved on publish (the panel shows it as "Workspace default")
    expect(byName.timezone.defaultValue).toBe("");
    // form help replaces the schema's description (kept for REST / JSON Schema); "" shows none
    expect(byName.mode.description).toBe("");
    expect(byName.time.description).toBe("In the schedule's time zone");
  });
});
