import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Graph } from "@/lib/graph/schema";
import { runOperations } from "@/lib/runs/operations";
import { createRun } from "@/server/services/runs/create-run";
import { retryRun } from "@/server/services/runs/retry-run";
import { rerunRun } from "@/server/services/runs/rerun-run";
import { getRunOperationsInfo } from "@/server/services/runs/run-operations-info";
import { apiClient, makeKeys, type Call, type Keys } from "../../api/harness";
import { chain, createAutomation, edge, engineEnv, http, node, setupEngineTest, setVars, startServer, stepsOf, trigger, waitFor, waitForStatus, type EngineTest, type TestServer } from "../../engine/helpers";
import { actors, callerFor, rejection } from "./helpers";

/**
 * Issue 12 item 4: retry from the failed step (the same run, attempt n+1,
 * earlier steps not executed again), re-run as a new run on the published
 * version or the version that ran, bulk re-run, permissions and audit. Real
 * engine (dispatcher), real HTTP target on 127.0.0.1 whose answer is flipped;
 * SQLite, or PostgreSQL with TEST_DATABASE_URL.
 */
engineEnv();

let t: EngineTest;
let server: TestServer;
let a: ReturnType<typeof actors>;
let call: Call;
let keys: Keys;
/** paths answering 500 until removed from this set */
const failing = new Set<string>();

beforeAll(async () => {
  t = await setupEngineTest();
  a = actors(t.ws);
  call = apiClient(t.db);
  keys = await makeKeys(t.db, t.ws);
  server = await startServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    const item = new URL(req.url ?? "/", "http://x").searchParams.get("i");
    if (failing.has(path) || (item !== null && failing.has(`${path}#${item}`))) {
      res.writeHead(500, { "content-type": "text/plain" }).end("target down");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, path, item }));
  });
});

afterAll(async () => {
  await server?.close();
  await t?.cleanup();
});

/** Steps per node (and iteration) as [attempt, status] lists. */
async function attemptsByStep(runId: string): Promise<Record<string, Array<[number, string]>>> {
  const out: Record<string, Array<[number, string]>> = {};
  for (const s of await stepsOf(t.db, runId)) {
    const k = s.iteration ? `${s.nodeId}@${s.iteration}` : s.nodeId;
    (out[k] ??= []).push([s.attempt, s.status]);
  }
  for (const v of Object.values(out)) v.sort((x, y) => x[0] - y[0]);
  return out;
}

async function startFailed(graph: Graph, triggerData: unknown = {}): Promise<{ runId: string; automationId: string }> {
  const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
  const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData }, t.db);
  const run = await waitForStatus(t.db, runId, ["FAILED", "COMPLETED"]);
  expect(run.status).toBe("FAILED");
  return { runId, automationId };
}

describe("retry from the failed step", () => {
  it("continues the same run at the failed node with attempt n+1; earlier steps keep their single SUCCEEDED row", async () => {
    failing.add("/flip-a");
    const graph = chain([
      trigger(),
      setVars("prep", { token: "{{trigger.token}}" }),
      http("call", `${server.url}/flip-a`, { retry: { maxAttempts: 2, backoffMs: 10, maxBackoffMs: 50 } }),
      setVars("after", { seen: "{{vars.token}}/{{steps.call.body.path}}" }),
    ]);
    const { runId } = await startFailed(graph, { token: "t-1" });
    expect(await attemptsByStep(runId)).toEqual({ trigger: [[1, "SUCCEEDED"]], prep: [[1, "SUCCEEDED"]], call: [[1, "FAILED"], [2, "FAILED"]] });
    const before = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect([before.stepCount, before.failedStepCount]).toEqual([3, 1]);

    failing.delete("/flip-a");
    const requestsBefore = server.requests.length;
    const res = await retryRun(a.admin, { runId }, t.db);
    expect(res).toEqual({ runId, status: "QUEUED", steps: [{ nodeId: "call", iteration: "", attempt: 3 }] });
    const done = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(done.status).toBe("COMPLETED");
    expect([done.error, done.errorCode, done.stepCount, done.failedStepCount]).toEqual([null, null, 4, 0]);
    expect(await attemptsByStep(runId)).toEqual({
      trigger: [[1, "SUCCEEDED"]],
      prep: [[1, "SUCCEEDED"]],
      call: [[1, "FAILED"], [2, "FAILED"], [3, "SUCCEEDED"]],
      after: [[1, "SUCCEEDED"]],
    });
    // Earlier outputs and variables are read back: the step after the retried one sees both.
    const after = (await stepsOf(t.db, runId)).find((s) => s.nodeId === "after");
    expect(after?.response).toContain("t-1//flip-a");
    // One new request, with a new idempotency key (a manual retry is a new request to the outside world).
    const sent = server.requests.slice(requestsBefore);
    expect(sent).toHaveLength(1);
    expect(sent[0].headers["idempotency-key"]).toBe(`${runId}:call::retry-1`);
    // History: FAILED → QUEUED by the admin, then the engine's own transitions.
    const events = await t.db.runEvent.findMany({ where: { runId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    const retried = events.find((e) => e.fromStatus === "FAILED" && e.toStatus === "QUEUED");
    expect(retried).toMatchObject({ actor: `user:${a.admin.userId}` });
    expect(retried?.reason).toMatch(/retried from the failed step: retry from call \(attempt 3\)/);
    expect(events.at(-1)?.toStatus).toBe("COMPLETED");
    const audit = await t.db.auditLog.findMany({ where: { action: "run.retried", targetId: runId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: a.admin.userId, actorType: "user", workspaceId: a.admin.workspaceId });
  });

  it("re-enters a loop at the iteration that failed; the other iterations are not executed again", async () => {
    failing.add("/loop#b");
    const graph: Graph = {
      nodes: [
        trigger(),
        node("each", "loop", { items: "{{trigger.items}}", maxItems: 10 }),
        node("call", "http_request", { method: "GET", url: `${server.url}/loop?i={{loop.item}}`, bodyType: "none", body: "" }),
        setVars("after", { n: "done" }),
      ],
      edges: [edge("trigger", "each"), edge("each", "call", "item"), edge("each", "after", "done")],
    };
    const { runId } = await startFailed(graph, { items: ["a", "b", "c"] });
    expect(await attemptsByStep(runId)).toEqual({ trigger: [[1, "SUCCEEDED"]], each: [[1, "SUCCEEDED"]], "call@0": [[1, "SUCCEEDED"]], "call@1": [[1, "FAILED"]] });

    failing.delete("/loop#b");
    expect((await retryRun(a.admin, { runId }, t.db)).steps).toEqual([{ nodeId: "call", iteration: "1", attempt: 2 }]);
    expect((await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"])).status).toBe("COMPLETED");
    expect(await attemptsByStep(runId)).toEqual({
      trigger: [[1, "SUCCEEDED"]],
      each: [[1, "SUCCEEDED"]],
      "call@0": [[1, "SUCCEEDED"]],
      "call@1": [[1, "FAILED"], [2, "SUCCEEDED"]],
      "call@2": [[1, "SUCCEEDED"]],
      after: [[1, "SUCCEEDED"]],
    });
    const items = server.requests.filter((r) => r.url.startsWith("/loop")).map((r) => r.url);
    expect(items.filter((u) => u.endsWith("i=a"))).toHaveLength(1);
  });

  it("re-enters after a branch: the branch not taken stays untaken", async () => {
    failing.add("/branch");
    const graph: Graph = {
      nodes: [
        trigger(),
        node("check", "condition", { match: "all", groups: [{ match: "all", conditions: [{ field: "trigger.kind", operator: "eq", value: "vip" }] }] }),
        http("vip", `${server.url}/branch`),
        setVars("normal", { n: "1" }),
      ],
      edges: [edge("trigger", "check"), edge("check", "vip", "true"), edge("check", "normal", "false")],
    };
    const { runId } = await startFailed(graph, { kind: "vip" });
    failing.delete("/branch");
    await retryRun(a.admin, { runId }, t.db);
    expect((await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"])).status).toBe("COMPLETED");
    expect(await attemptsByStep(runId)).toEqual({ trigger: [[1, "SUCCEEDED"]], check: [[1, "SUCCEEDED"]], vip: [[1, "FAILED"], [2, "SUCCEEDED"]] });
  });

  it("a CRASH_LOOP run is retryable: the transition resets the takeover counter and the failure fields", async () => {
    failing.add("/crash");
    const { runId } = await startFailed(chain([trigger(), http("call", `${server.url}/crash`)]));
    // As failCrashLoop leaves a run: the step's FAILED row and the run say CRASH_LOOP, 10 takeovers counted.
    await t.db.stepRun.updateMany({ where: { runId, nodeId: "call" }, data: { errorCode: "CRASH_LOOP" } });
    await t.db.run.update({ where: { id: runId }, data: { errorCode: "CRASH_LOOP", takeovers: 10 } });
    await t.rt.dispatcher.stop();
    try {
      await retryRun(a.admin, { runId }, t.db);
      const queued = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
      expect(queued).toMatchObject({ status: "QUEUED", takeovers: 0, error: null, errorCode: null, finishedAt: null, stepCount: 1, failedStepCount: 0, leaseToken: null });
    } finally {
      failing.delete("/crash");
      await t.rt.dispatcher.start();
    }
    expect((await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"])).status).toBe("COMPLETED");
    expect(await attemptsByStep(runId)).toEqual({ trigger: [[1, "SUCCEEDED"]], call: [[1, "FAILED"], [2, "SUCCEEDED"]] });
  });

  it("concurrent retries: exactly one wins, the others get a conflict", async () => {
    failing.add("/race");
    const { runId } = await startFailed(chain([trigger(), http("call", `${server.url}/race`)]));
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => retryRun(a.admin, { runId }, t.db)));
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(3);
    for (const l of lost) {
      expect(l.reason).toMatchObject({ code: "CONFLICT" });
      expect(String((l.reason as Error).message)).toMatch(/Only failed runs can be retried.*retried already/);
    }
    const events = await t.db.runEvent.count({ where: { runId, fromStatus: "FAILED", toStatus: "QUEUED" } });
    expect(events).toBe(1);
    expect(await t.db.auditLog.count({ where: { action: "run.retried", targetId: runId } })).toBe(1);
    // The target still fails: the retried run fails again, with attempt 2 recorded once.
    await waitFor("the retried run to fail again", () => t.db.run.findFirst({ where: { id: runId, status: "FAILED", stepCount: 2 } }));
    expect(await attemptsByStep(runId)).toEqual({ trigger: [[1, "SUCCEEDED"]], call: [[1, "FAILED"], [2, "FAILED"]] });
    failing.delete("/race");
  });

  it("a run that did not fail is refused and nothing changes; stopped and cancelled runs are not retryable", async () => {
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("x", { a: "1" })]));
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    const snapshot = async () => JSON.stringify([await t.db.run.findUnique({ where: { id: runId } }), await t.db.runEvent.count({ where: { runId } }), await t.db.stepRun.count({ where: { runId } })]);
    const before = await snapshot();
    const e = await rejection(retryRun(a.admin, { runId }, t.db));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toMatch(/Only failed runs can be retried: this run is completed/);
    expect(await snapshot()).toBe(before);
    expect(await t.db.auditLog.count({ where: { action: "run.retried", targetId: runId } })).toBe(0);

    const stopped = await startFailed(chain([trigger(), node("halt", "stop", { status: "failed", message: "on purpose" })]));
    const s = await rejection(retryRun(a.admin, { runId: stopped.runId }, t.db));
    expect(s.code).toBe("UNPROCESSABLE");
    expect(s.message).toMatch(/Stop step/);

    const sleepy = (await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), node("wait", "delay", { mode: "duration", amount: 1, unit: "hours" })]))).automationId;
    const cancelledId = (await createRun({ workspaceId: t.ws.workspaceId, automationId: sleepy, triggerType: "manual" }, t.db)).runId;
    await waitForStatus(t.db, cancelledId, ["PAUSED"]);
    expect(await callerFor(t.db, a.admin).runs.cancel({ runId: cancelledId })).toMatchObject({ status: "CANCELLED" });
    const c = await rejection(retryRun(a.admin, { runId: cancelledId }, t.db));
    expect(c.code).toBe("CONFLICT");
    expect(c.message).toMatch(/this run is cancelled$/);
    expect((await rejection(retryRun(a.other, { runId }, t.db))).code).toBe("NOT_FOUND");
  });
});

describe("re-run", () => {
  it("creates a new run with the same trigger data (also a payload stored outside the run row) on the version that ran or the published one", async () => {
    const v1: Graph = chain([trigger(), setVars("mark", { version: "one", echo: "{{trigger.note}}" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, v1);
    const big = { note: "hello", pad: "x".repeat(6_000) };
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "webhook", triggerData: big }, t.db);
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).triggerData).toContain("$stored");

    // Version 2 is published after the run.
    const v2: Graph = chain([trigger(), setVars("mark", { version: "two", echo: "{{trigger.note}}" })]);
    await t.db.automationVersion.create({ data: { automationId, workspaceId: t.ws.workspaceId, number: 2, graph: JSON.stringify(v2), conditions: "[]" } });
    await t.db.automation.update({ where: { id: automationId }, data: { publishedVersion: 2, draftGraph: JSON.stringify(v2) } });

    const admin = callerFor(t.db, a.admin);
    const ran = await admin.runs.rerun({ runId, version: "ran" });
    const published = await admin.runs.rerun({ runId, version: "published" });
    expect(ran).toMatchObject({ runId, versionNumber: 1, isTest: false });
    expect(published).toMatchObject({ runId, versionNumber: 2, isTest: false });
    for (const [r, version] of [[ran, "one"], [published, "two"]] as const) {
      const row = await waitForStatus(t.db, r.newRunId, ["COMPLETED", "FAILED"]);
      expect(row).toMatchObject({ status: "COMPLETED", rerunOfRunId: runId, triggerType: "webhook", isTest: false, createdById: a.admin.userId });
      const mark = (await stepsOf(t.db, r.newRunId)).find((s) => s.nodeId === "mark");
      expect(JSON.parse(mark?.response ?? "{}")).toMatchObject({ variables: { version, echo: "hello" } });
      const data = await t.db.runData.findFirst({ where: { runId: r.newRunId, key: { contains: "trigger" } } });
      expect(JSON.parse(data?.value ?? "{}")).toEqual(big);
    }
    // The original is untouched; the links show on both sides.
    expect(await t.db.stepRun.count({ where: { runId } })).toBe(2);
    const info = await getRunOperationsInfo(a.admin, { runId: published.newRunId }, t.db);
    expect(info.rerunOf).toMatchObject({ id: runId, status: "COMPLETED", versionNumber: 1 });
    const original = await getRunOperationsInfo(a.admin, { runId }, t.db);
    expect(original.rerunCount).toBe(2);
    expect(original.reruns.map((r) => r.id).sort()).toEqual([ran.newRunId, published.newRunId].sort());
    const audit = await t.db.auditLog.findMany({ where: { action: "run.rerun", targetId: runId } });
    expect(audit.map((x) => JSON.parse(x.details ?? "{}").newRunId).sort()).toEqual([ran.newRunId, published.newRunId].sort());
    const created = await t.db.runEvent.findFirst({ where: { runId: ran.newRunId, fromStatus: null } });
    expect(created?.reason).toBe(`re-run of run ${runId} on the version that ran (v1)`);
  });

  it("re-runs a test run as a test run: on the snapshot that ran, or on the current draft", async () => {
    const draft1: Graph = chain([trigger(), setVars("mark", { version: "draft-1" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, draft1, { publish: false });
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", test: true, triggerData: { k: 1 } }, t.db);
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    await t.db.automation.update({ where: { id: automationId }, data: { draftGraph: JSON.stringify(chain([trigger(), setVars("mark", { version: "draft-2" })])) } });

    const ran = await rerunRun(a.admin, { runId, version: "ran" }, t.db);
    const current = await rerunRun(a.admin, { runId, version: "published" }, t.db);
    for (const [r, version] of [[ran, "draft-1"], [current, "draft-2"]] as const) {
      expect(r).toMatchObject({ isTest: true, versionNumber: null });
      await waitForStatus(t.db, r.newRunId, ["COMPLETED"]);
      const mark = (await stepsOf(t.db, r.newRunId)).find((s) => s.nodeId === "mark");
      expect(JSON.parse(mark?.response ?? "{}")).toMatchObject({ variables: { version } });
      expect((await t.db.run.findUniqueOrThrow({ where: { id: r.newRunId } })).triggerData).toBe('{"k":1}');
    }
  });

  it("refuses with clear errors: archived automation, no published version, a run still going, unknown run", async () => {
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("x", { a: "1" })]));
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    await waitForStatus(t.db, runId, ["COMPLETED"]);

    await t.db.automation.update({ where: { id: automationId }, data: { publishedVersion: null } });
    const none = await rejection(rerunRun(a.admin, { runId, version: "published" }, t.db));
    expect(none).toMatchObject({ code: "UNPROCESSABLE" });
    expect(none.message).toMatch(/no published version; re-run it on the version that ran/);
    expect((await rerunRun(a.admin, { runId, version: "ran" }, t.db)).versionNumber).toBe(1);

    await t.db.automation.update({ where: { id: automationId }, data: { status: "ARCHIVED", archivedAt: new Date() } });
    const archived = await rejection(rerunRun(a.admin, { runId, version: "ran" }, t.db));
    expect(archived.code).toBe("UNPROCESSABLE");
    expect(archived.message).toMatch(/archived/);

    const paused = (await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), node("wait", "delay", { mode: "duration", amount: 1, unit: "hours" })]))).automationId;
    const waiting = (await createRun({ workspaceId: t.ws.workspaceId, automationId: paused, triggerType: "manual" }, t.db)).runId;
    await waitForStatus(t.db, waiting, ["PAUSED"]);
    const going = await rejection(rerunRun(a.admin, { runId: waiting }, t.db));
    expect(going.code).toBe("CONFLICT");
    expect(going.message).toMatch(/Only finished runs can be re-run \(this run is paused\)/);
    expect((await rejection(rerunRun(a.admin, { runId: "nope" }, t.db))).code).toBe("NOT_FOUND");
    expect((await rejection(rerunRun(a.admin, { runId, version: "latest" as "ran" }, t.db))).code).toBe("BAD_REQUEST");
  });

  it("bulk: one outcome per run in input order; at most 25 ids per call", async () => {
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("x", { a: "1" })]));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { i } }, t.db)).runId);
    for (const id of ids) await waitForStatus(t.db, id, ["COMPLETED"]);
    const foreign = await createAutomation(t.db, t.ws.otherWorkspaceId, chain([trigger()]));
    const theirs = (await createRun({ workspaceId: t.ws.otherWorkspaceId, automationId: foreign.automationId, triggerType: "manual" }, t.db)).runId;

    const { results } = await callerFor(t.db, a.admin).runs.rerunMany({ runIds: [ids[0], "missing", ids[1], theirs, ids[2]], version: "ran" });
    expect(results.map((r) => r.runId)).toEqual([ids[0], "missing", ids[1], theirs, ids[2]]);
    expect(results.map((r) => (r.newRunId ? "ok" : r.error))).toEqual(["ok", "Run not found", "ok", "Run not found", "ok"]);
    for (const [i, r] of results.entries()) {
      if (!r.newRunId) continue;
      const row = await t.db.run.findUniqueOrThrow({ where: { id: r.newRunId } });
      expect(row.rerunOfRunId).toBe(r.runId);
      expect(JSON.parse(row.triggerData)).toEqual({ i: i === 0 ? 0 : i === 2 ? 1 : 2 });
    }
    expect(await t.db.run.count({ where: { workspaceId: t.ws.otherWorkspaceId, rerunOfRunId: { not: null } } })).toBe(0);

    const tooMany = await rejection(callerFor(t.db, a.admin).runs.rerunMany({ runIds: Array.from({ length: 26 }, (_, i) => `r${i}`) }));
    expect(tooMany.code).toBe("BAD_REQUEST");
    expect(tooMany.message).toMatch(/at most 25/);
    const dupes = await rejection(callerFor(t.db, a.admin).runs.rerunMany({ runIds: [ids[0], ids[0]] }));
    expect(dupes.code).toBe("BAD_REQUEST");
  });
});

describe("permissions", () => {
  it("specialists are refused by tRPC and read-only keys by REST; nothing changes", async () => {
    failing.add("/perm");
    const { runId } = await startFailed(chain([trigger(), http("call", `${server.url}/perm`)]));
    const specialist = callerFor(t.db, a.specialist);
    expect((await rejection(specialist.runs.retry({ runId }))).code).toBe("FORBIDDEN");
    expect((await rejection(specialist.runs.rerun({ runId }))).code).toBe("FORBIDDEN");
    expect((await rejection(specialist.runs.rerunMany({ runIds: [runId] }))).code).toBe("FORBIDDEN");
    expect((await rejection(retryRun(a.specialist, { runId }, t.db))).code).toBe("FORBIDDEN");

    for (const op of ["retry", "rerun"]) {
      const r = await call("POST", `/automations/runs/${runId}/${op}`, { key: keys.readOnly, ...(op === "rerun" ? { body: {} } : {}) });
      expect(r.status, r.text).toBe(403);
      expect((r.json as { error: { message: string } }).error.message).toContain("automations:trigger");
    }
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("FAILED");
    expect(await t.db.run.count({ where: { rerunOfRunId: runId } })).toBe(0);
    expect(await t.db.auditLog.count({ where: { targetId: runId } })).toBe(0);

    // What the UI shows a specialist: every operation disabled, with the reason.
    const info = await specialist.runs.operations({ runId });
    const ops = runOperations(info, "SPECIALIST");
    expect(ops.retry).toEqual({ allowed: false, reason: "Only admins can retry runs" });
    expect(ops.rerun.allowed).toBe(false);
    expect(ops.rerun.published.reason).toBe("Only admins can re-run runs");
    expect(runOperations(info, "ADMIN").retry).toEqual({ allowed: true });
    failing.delete("/perm");
  });

  it("REST: retry answers 200 with the run, re-run 201 with the new run; errors use the envelope", async () => {
    failing.add("/rest");
    const { runId } = await startFailed(chain([trigger(), http("call", `${server.url}/rest`)]));
    failing.delete("/rest");
    const retried = await call("POST", `/automations/runs/${runId}/retry`, { key: keys.full });
    expect(retried.status, retried.text).toBe(200);
    expect(retried.json).toMatchObject({ run_id: runId });
    expect(["queued", "running", "completed"]).toContain((retried.json as { status: string }).status);
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    const again = await call("POST", `/automations/runs/${runId}/retry`, { key: keys.full });
    expect(again.status).toBe(409);
    expect((again.json as { error: { code: string } }).error.code).toBe("conflict");

    const rerun = await call("POST", `/automations/runs/${runId}/rerun`, { key: keys.full, body: { version: "ran" } });
    expect(rerun.status, rerun.text).toBe(201);
    const newId = (rerun.json as { run_id: string }).run_id;
    expect(newId).not.toBe(runId);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: newId } })).rerunOfRunId).toBe(runId);
    expect(rerun.json).toMatchObject({ rerun_of_run_id: runId, parent_run_id: null });
    const fetched = await call("GET", `/automations/runs/${newId}`, { key: keys.full });
    expect(fetched.status, fetched.text).toBe(200);
    expect(fetched.json).toMatchObject({ run_id: newId, rerun_of_run_id: runId });
    const bad = await call("POST", `/automations/runs/${runId}/rerun`, { key: keys.full, body: { version: "newest" } });
    expect(bad.status).toBe(400);
    const other = await call("POST", `/automations/runs/${runId}/retry`, { key: keys.other });
    expect(other.status).toBe(404);
  });
});
