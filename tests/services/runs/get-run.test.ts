import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { getRun, INLINE_PAYLOAD_LIMIT } from "@/server/services/runs/get-run";
import { getStep } from "@/server/services/runs/get-step";
import { listRunEvents } from "@/server/services/runs/run-events";
import { apiKeyActor } from "@/server/auth/actor";
import { listSteps } from "@/server/services/runs/list-steps";
import type { Graph } from "@/lib/graph/schema";
import { actors, callerFor, insertRun, insertStep, newAutomation, rejection } from "./helpers";

let t: TestDb;
let ws: TestWorkspace;
let a: ReturnType<typeof actors>;
let automationId: string;
let runId: string;
let bigStepId: string;
let bigResponse: { blob: string };
const t0 = new Date("2025-04-02T09:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

const snapshot: Graph = {
  nodes: [
    { id: "trigger", type: "manual", name: "Manual trigger", config: {}, position: { x: 0, y: 0 } },
    { id: "fetch", type: "http_request", name: "Fetch order", config: { url: "https://api.example.com" }, position: { x: 0, y: 100 } },
  ],
  edges: [{ id: "e1", source: "trigger", sourceHandle: "next", target: "fetch" }],
};

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "runs-get");
  a = actors(ws);
  automationId = await newAutomation(t.db, a.admin, "Order sync");
  const w = ws.workspaceId;
  runId = await insertRun(t.db, {
    automationId,
    workspaceId: w,
    status: "COMPLETED",
    isTest: true,
    graphSnapshot: JSON.stringify(snapshot),
    conditionsSnapshot: JSON.stringify([{ field: "order.total", operator: "gt", value: 10 }]),
    conditionsResult: JSON.stringify({ met: true, results: [{ field: "order.total", passed: true }] }),
    triggerData: JSON.stringify({ order: { id: "o-1", total: 42 } }),
    state: JSON.stringify({
      v: 1, vars: { region: "eu" }, steps: { trigger: {} }, done: ["trigger@", "fetch@", "check@"], queue: [{ n: "approve", i: "" }],
      waiting: { n: "approve", i: "", kind: "external", stepRunId: "s1", attempt: 1, startedAt: 0 },
    }),
    startedAt: at(0),
    finishedAt: at(5000),
  });
  // inserted out of order on purpose: results must come back ordered by startedAt
  await insertStep(t.db, runId, w, { nodeId: "notify", nodeType: "slack_message", status: "SKIPPED", startedAt: at(4000), durationMs: 0 });
  await insertStep(t.db, runId, w, { nodeId: "trigger", nodeType: "manual", nodeName: "Manual trigger", status: "SUCCEEDED", startedAt: at(0), durationMs: 3, response: { order: { id: "o-1" } } });
  await insertStep(t.db, runId, w, {
    nodeId: "fetch", nodeType: "http_request", nodeName: "Fetch order", status: "FAILED", attempt: 1, startedAt: at(100), durationMs: 250,
    request: { method: "GET", url: "https://api.example.com/orders/o-1" }, error: "HTTP 503 Service Unavailable",
  });
  await insertStep(t.db, runId, w, {
    nodeId: "fetch", nodeType: "http_request", nodeName: "Fetch order", status: "SUCCEEDED", attempt: 2, startedAt: at(1500), durationMs: 120,
    request: { method: "GET", url: "https://api.example.com/orders/o-1" }, response: { status: 200, body: { ok: true } }, handle: "next",
    warnings: ["{{trigger.contact.email}} resolved to empty"],
  });
  await insertStep(t.db, runId, w, {
    nodeId: "check", nodeType: "condition", nodeName: "Big order?", status: "SUCCEEDED", startedAt: at(2000), durationMs: 1, handle: "true",
    responseText: '{"cut off here', responseTruncated: true,
  });
  bigResponse = { blob: "x".repeat(INLINE_PAYLOAD_LIMIT + 1000) };
  bigStepId = await insertStep(t.db, runId, w, { nodeId: "approve", nodeType: "approval", status: "WAITING", startedAt: at(3000), response: bigResponse });
});

afterAll(async () => {
  await t?.cleanup();
});

describe("getRun", () => {
  it("returns the normalized run detail (seed 000 shape)", async () => {
    const run = await getRun(a.admin, runId, t.db);
    expect(run).toMatchObject({
      id: runId,
      automationId,
      automationName: "Order sync",
      status: "COMPLETED",
      isTest: true,
      durationMs: 5000,
      triggerData: { order: { id: "o-1", total: 42 } },
      execution: {
        variables: { region: "eu" },
        completedNodeIds: ["trigger", "fetch", "check"],
        pendingNodeIds: ["approve"],
        waiting: { nodeId: "approve", iteration: "", kind: "external", stepRunId: "s1", until: null, childRunId: null },
      },
      stateOmitted: null,
      conditions: [{ field: "order.total", operator: "gt", value: 10 }],
      conditionsResult: { met: true, results: [{ field: "order.total", passed: true }] },
      graph: snapshot,
      truncated: true,
      actionsTotal: 5,
      actionsExecuted: 3,
      actionsFailed: 0,
      actionsSkipped: 1,
      actionResultsOmitted: 0,
    });
    // retried step counts once, with the status of its last attempt
    expect(run.counts).toEqual({ total: 5, succeeded: 3, failed: 0, skipped: 1, waiting: 1, running: 0 });
    expect(run.actionResults.map((r) => `${r.nodeId}#${r.attempt}`)).toEqual([
      "trigger#1", "fetch#1", "fetch#2", "check#1", "approve#1", "notify#1",
    ]);
  });

  it("normalizes every step attempt with parsed payloads, errors, warnings and flags", async () => {
    const run = await getRun(a.admin, runId, t.db);
    const [trigger, failed, retry, check, approve] = run.actionResults;
    expect(trigger).toMatchObject({ actionType: "manual", name: "Manual trigger", status: "SUCCEEDED", response: { order: { id: "o-1" } }, request: null, durationMs: 3 });
    expect(failed).toMatchObject({
      actionType: "http_request", status: "FAILED", attempt: 1, retried: true, error: "HTTP 503 Service Unavailable",
      request: { method: "GET", url: "https://api.example.com/orders/o-1" }, response: null, durationMs: 250,
    });
    expect(failed.finishedAt?.getTime()).toBe(at(350).getTime());
    expect(retry).toMatchObject({ status: "SUCCEEDED", attempt: 2, retried: false, handle: "next", response: { status: 200, body: { ok: true } }, warnings: ["{{trigger.contact.email}} resolved to empty"] });
    // stored text that is not valid JSON (cut at the size limit) comes back raw, never throws
    expect(check).toMatchObject({ handle: "true", truncated: true, response: '{"cut off here' });
    expect(approve).toMatchObject({ status: "WAITING", response: null, responseOmitted: { omitted: true, bytes: JSON.stringify(bigResponse).length }, finishedAt: null, durationMs: null });
  });

  it("serves large payloads through getStep and pages steps with listSteps", async () => {
    const step = await getStep(a.admin, { runId, stepId: bigStepId }, t.db);
    expect(step.response).toEqual(bigResponse);
    expect(step.responseOmitted).toBeNull();
    expect(step.idempotencyKey).toBe(`${runId}:approve:`);

    const first = await listSteps(a.admin, { runId, limit: 4 }, t.db);
    expect(first.items.map((s) => s.nodeId)).toEqual(["trigger", "fetch", "fetch", "check"]);
    expect(first.items[1].retried).toBe(true);
    const second = await listSteps(a.admin, { runId, limit: 4, cursor: first.nextCursor ?? undefined }, t.db);
    expect(second.items.map((s) => s.nodeId)).toEqual(["approve", "notify"]);
    expect(second.nextCursor).toBeNull();
    const failedOnly = await listSteps(a.admin, { runId, status: ["FAILED"] }, t.db);
    expect(failedOnly.items.map((s) => s.attempt)).toEqual([1]);
    const byNode = await listSteps(a.admin, { runId, nodeId: "fetch" }, t.db);
    expect(byNode.items).toHaveLength(2);
  });

  it("uses the graph of the run's version, not the current draft", async () => {
    const versionGraph: Graph = { nodes: [{ id: "trigger", type: "manual", name: "V1 trigger", config: {}, position: { x: 5, y: 5 } }], edges: [] };
    const version = await t.db.automationVersion.create({
      data: { automationId, workspaceId: ws.workspaceId, number: 1, graph: JSON.stringify(versionGraph), conditions: "[]" },
    });
    const vRun = await insertRun(t.db, { automationId, workspaceId: ws.workspaceId, versionId: version.id, versionNumber: 1, status: "QUEUED" });
    const run = await getRun(a.admin, vRun, t.db);
    expect(run.graph).toEqual(versionGraph);
    expect(run.versionNumber).toBe(1);
    expect(run.conditions).toEqual([]);
    expect(run.counts.total).toBe(0);
    expect(run.truncated).toBe(false);
    expect(run.actionResults).toEqual([]);
    expect(run.conditionsResult).toBeNull();
    expect(run.execution).toEqual({ variables: {}, completedNodeIds: [], pendingNodeIds: [], waiting: null });
  });

  it("lists child runs", async () => {
    const child = await insertRun(t.db, { automationId, workspaceId: ws.workspaceId, parentRunId: runId, triggerType: "child_workflow" });
    const run = await getRun(a.admin, runId, t.db);
    expect(run.children.map((c) => c.id)).toEqual([child]);
  });

  it("answers NOT_FOUND to another workspace for runs.get, runs.steps and runs.step", async () => {
    const calls: Array<() => Promise<unknown>> = [
      () => getRun(a.other, runId, t.db),
      () => listSteps(a.other, { runId }, t.db),
      () => getStep(a.other, { runId, stepId: bigStepId }, t.db),
      () => callerFor(t.db, a.other).runs.get({ runId }),
      () => callerFor(t.db, a.other).runs.steps({ runId }),
      () => callerFor(t.db, a.other).runs.step({ runId, stepId: bigStepId }),
    ];
    for (const call of calls) {
      const err = await rejection(call());
      expect(err.code).toBe("NOT_FOUND");
      expect(err.message).not.toContain("Order sync");
    }
  });

  it("lets specialists read run details through tRPC", async () => {
    const run = await callerFor(t.db, a.specialist).runs.get({ runId });
    expect(run.stepAttempts).toBe(6);
    expect(run).not.toHaveProperty("actionResults");
    const step = await callerFor(t.db, a.specialist).runs.step({ runId, stepId: bigStepId });
    expect(step.status).toBe("WAITING");
    const missing = await rejection(callerFor(t.db, a.specialist).runs.get({ runId: "" }));
    expect(missing.code).toBe("BAD_REQUEST");
    expect(missing.message).toMatch(/runId is required/);
  });

  it("checks runs:read in getStep and listRunEvents (a key without it is refused; with it, served)", async () => {
    const noRead = apiKeyActor({ id: "key-no-read", workspaceId: ws.workspaceId, createdById: null }, ["schedules:read"]);
    for (const call of [() => getStep(noRead, { runId, stepId: bigStepId }, t.db), () => listRunEvents(t.db, noRead, runId)]) {
      const err = await rejection(call());
      expect(err.code).toBe("FORBIDDEN");
      expect(err.message).toMatch(/automations:read/);
    }
    const reader = apiKeyActor({ id: "key-read", workspaceId: ws.workspaceId, createdById: null }, ["automations:read"]);
    expect((await getStep(reader, { runId, stepId: bigStepId }, t.db)).status).toBe("WAITING");
    expect(await listRunEvents(t.db, reader, runId)).toMatchObject({ omitted: 0 });
  });
});
