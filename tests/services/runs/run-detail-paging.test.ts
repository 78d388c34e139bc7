import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Graph } from "@/lib/graph/schema";
import { createRun } from "@/server/services/runs/create-run";
import { getRun, MAX_INLINE_STEPS } from "@/server/services/runs/get-run";
import { listSteps } from "@/server/services/runs/list-steps";
import { cancelRun } from "@/server/services/runs/cancel-run";
import type { ActionResult } from "@/server/services/runs/normalize";
import { createAutomation, edge, engineEnv, http, node, setupEngineTest, setVars, startServer, trigger, waitForStatus, type EngineTest, type TestServer } from "../../engine/helpers";
import { callerFor, rejection } from "./helpers";

/**
 * The run page's data path over a real engine run with 1,200 loop iterations:
 * runs.get answers the header and per-node aggregates without step rows,
 * runs.steps pages through every attempt exactly once in start order, the failing
 * node's attempt history and the event history (who, why) are in the header.
 * Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
 */

engineEnv();

const ITEMS = 1200;

describe("run detail: header aggregates and paged steps", () => {
  let t: EngineTest;
  let server: TestServer;
  let runId: string;
  let automationId: string;

  beforeAll(async () => {
    t = await setupEngineTest();
    server = await startServer((_req, res) => {
      res.writeHead(503, { "content-type": "text/plain" }).end("mail provider unavailable");
    });
    const graph: Graph = {
      nodes: [
        trigger(),
        node("each", "loop", { items: "{{trigger.items}}", maxItems: 5000 }, undefined, "Each contact"),
        setVars("body", { last: "{{loop.item.id}}" }),
        http("notify", `${server.url}/send`, { retry: { maxAttempts: 2, backoffMs: 50, maxBackoffMs: 100 } }),
        setVars("never", { x: "1" }),
      ],
      edges: [edge("trigger", "each"), edge("each", "body", "item"), edge("each", "notify", "done"), edge("notify", "never")],
    };
    ({ automationId } = await createAutomation(t.db, t.ws.workspaceId, graph, { name: "Big loop" }));
    const items = Array.from({ length: ITEMS }, (_, i) => ({ id: i }));
    ({ runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { items }, createdById: t.ws.adminId }, t.db));
    await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"], 120_000);
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    await t?.cleanup();
  });

  it("runs.get returns per-node aggregates and counts, never step rows", async () => {
    const run = await callerFor(t.db, t.admin).runs.get({ runId });
    expect(run.status).toBe("FAILED");
    expect(run).not.toHaveProperty("actionResults");
    // the header stays small whatever the number of steps
    expect(JSON.stringify(run).length).toBeLessThan(40_000);

    const byNode = Object.fromEntries(run.nodes.map((n) => [n.nodeId, n]));
    expect(Object.keys(byNode).sort()).toEqual(["body", "each", "notify", "trigger"]);
    expect(byNode.body).toMatchObject({ status: "SUCCEEDED", executions: ITEMS, attempts: ITEMS, failedAttempts: 0, latestIteration: String(ITEMS - 1), handles: ["next"] });
    expect(byNode.each).toMatchObject({ status: "SUCCEEDED", executions: 1, attempts: 1, handles: ["item"] });
    expect(byNode.notify).toMatchObject({ status: "FAILED", executions: 1, attempts: 2, failedAttempts: 2, latestAttempt: 2, nodeName: "notify", nodeType: "http_request" });
    expect(byNode.notify.errorCode).toBeTruthy();
    expect(byNode.body.durationMs).toBeGreaterThanOrEqual(0);
    // the latest step of a node is the last row runs.steps lists for it
    const bodyPage = await listSteps(t.admin, { runId, nodeId: "body", limit: 200 }, t.db);
    expect(bodyPage.items[0].iteration).toBe("0");

    // counts over the last attempt of each step: trigger, loop, 1200 bodies, notify (failed after its retry)
    expect(run.counts).toEqual({ total: ITEMS + 3, succeeded: ITEMS + 2, failed: 1, skipped: 0, waiting: 0, running: 0 });
    expect(run.actionCounts).toEqual({ total: ITEMS + 2, succeeded: ITEMS + 1, failed: 1, skipped: 0, waiting: 0, running: 0 });
    expect(run.stepAttempts).toBe(ITEMS + 4);
    expect(run.truncated).toBe(false);
  }, 60_000);

  it("the failing node's attempt history is in the header (error panel)", async () => {
    const run = await callerFor(t.db, t.admin).runs.get({ runId });
    expect(run.failure).toMatchObject({ nodeId: "notify", nodeName: "notify", nodeType: "http_request", iteration: "" });
    expect(run.failure?.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, "FAILED"],
      [2, "FAILED"],
    ]);
    for (const a of run.failure?.attempts ?? []) {
      expect(a.error).toMatch(/503/);
      expect(a.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(run.failure?.stepId).toBe(run.nodes.find((n) => n.nodeId === "notify")?.latestStepId);
    expect(run.errorCode).toBeTruthy();
  });

  it("runs.steps pages through every attempt exactly once, in start order, the same on every pass", async () => {
    const caller = callerFor(t.db, t.admin);
    const readAll = async (limit: number) => {
      const all: ActionResult[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await caller.runs.steps({ runId, limit, cursor });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor);
      return { all, pages };
    };
    const { all, pages } = await readAll(100);
    expect(pages).toBe(Math.ceil((ITEMS + 4) / 100));
    expect(all).toHaveLength(ITEMS + 4);
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    for (let i = 1; i < all.length; i++) {
      const a = all[i - 1];
      const b = all[i];
      const ordered = a.startedAt.getTime() < b.startedAt.getTime() || (a.startedAt.getTime() === b.startedAt.getTime() && a.id < b.id);
      expect(ordered, `step ${i} out of order`).toBe(true);
    }
    expect(all.filter((s) => s.nodeId === "body").map((s) => s.iteration)).toEqual(Array.from({ length: ITEMS }, (_, i) => String(i)));
    expect(all.slice(-2).map((s) => `${s.nodeId}#${s.attempt}:${s.retried}`)).toEqual(["notify#1:true", "notify#2:false"]);

    // a different page size yields the very same sequence (stable keyset cursor)
    const again = await readAll(173);
    expect(again.all.map((s) => s.id)).toEqual(all.map((s) => s.id));

    const bad = await rejection(caller.runs.steps({ runId, cursor: "not-a-cursor" }));
    expect(bad.code).toBe("BAD_REQUEST");
    const tooMany = await rejection(caller.runs.steps({ runId, limit: 201 }));
    expect(tooMany.code).toBe("BAD_REQUEST");
  }, 60_000);

  it("the REST detail lists the first 500 attempts with a cursor for the rest and counts every step", async () => {
    const detail = await getRun(t.admin, runId, t.db);
    expect(detail.actionResults).toHaveLength(MAX_INLINE_STEPS);
    expect(detail.actionResultsOmitted).toBe(ITEMS + 4 - MAX_INLINE_STEPS);
    expect(detail.stepsNextCursor).not.toBeNull();
    const rest: ActionResult[] = [];
    let cursor = detail.stepsNextCursor;
    while (cursor) {
      const page = await listSteps(t.admin, { runId, limit: 200, cursor }, t.db);
      rest.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(rest).toHaveLength(detail.actionResultsOmitted);
    expect(new Set([...detail.actionResults, ...rest].map((s) => s.id)).size).toBe(ITEMS + 4);
    expect(detail.actionsFailed).toBe(1);
  });

  it("records the event history with who and why", async () => {
    const run = await callerFor(t.db, t.admin).runs.get({ runId });
    const events = run.events.items;
    expect(run.events.omitted).toBe(0);
    expect(events[0]).toMatchObject({ fromStatus: null, toStatus: "QUEUED", who: { kind: "user", userId: t.ws.adminId } });
    const who = events[0].who;
    expect(who.kind === "user" && who.email).toBeTruthy();
    expect(events.some((e) => e.fromStatus === "QUEUED" && e.toStatus === "RUNNING" && e.who.kind === "engine")).toBe(true);
    const last = events[events.length - 1];
    expect(last).toMatchObject({ toStatus: "FAILED", who: { kind: "engine" } });
    expect(last.reason).toContain(run.errorCode ?? "?");
    // after the creation event (its timestamp may trail the first claim by a millisecond), oldest first
    for (let i = 2; i < events.length; i++) expect(events[i].at.getTime()).toBeGreaterThanOrEqual(events[i - 1].at.getTime());
    // each transition starts where the previous one ended
    for (let i = 1; i < events.length; i++) expect(events[i].fromStatus, `event ${i}`).toBe(events[i - 1].toStatus);
  });

  it("links parent and child runs, shows who cancelled, and hides other workspaces' runs", async () => {
    const { automationId: childAutomation } = await createAutomation(t.db, t.ws.workspaceId, { nodes: [trigger(), node("wait", "delay", { mode: "duration", amount: 1, unit: "hours" })], edges: [edge("trigger", "wait")] }, { name: "Child flow" });
    const child = await createRun({ workspaceId: t.ws.workspaceId, automationId: childAutomation, triggerType: "child", triggerData: {}, parentRunId: runId, parentNodeId: "notify", idempotencyKey: `${runId}:child` }, t.db);
    await cancelRun(t.admin, child.runId, t.db);

    const parent = await callerFor(t.db, t.admin).runs.get({ runId });
    expect(parent.children.map((c) => c.id)).toEqual([child.runId]);
    expect(parent.childrenOmitted).toBe(0);
    const c = await callerFor(t.db, t.admin).runs.get({ runId: child.runId });
    expect(c.parent).toMatchObject({ id: runId, automationName: "Big loop" });
    expect(c.parentNodeId).toBe("notify");
    expect(c.events.items[0].who).toEqual({ kind: "run", runId });
    // cancelled directly (queued/paused) or requested while the engine runs it: either way the user is named, with why
    const byUser = c.events.items.find((e) => e.who.kind === "user" && /cancel/i.test(e.reason ?? ""));
    expect(byUser?.who).toMatchObject({ kind: "user", userId: t.ws.adminId });
    await waitForStatus(t.db, child.runId, ["CANCELLED"]);

    const other = { userId: t.ws.otherAdminId, workspaceId: t.ws.otherWorkspaceId, role: "ADMIN" as const };
    expect((await rejection(callerFor(t.db, other).runs.get({ runId }))).code).toBe("NOT_FOUND");
    expect((await rejection(callerFor(t.db, other).runs.steps({ runId }))).code).toBe("NOT_FOUND");
  });
});
