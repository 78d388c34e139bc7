import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer } from "@/server/integrations/mail";
import { createNotifier } from "@/server/integrations/notify";
import { createSandbox } from "@/server/integrations/sandbox";
import { codeExecutor } from "@/server/nodes/code";
import { notificationExecutor } from "@/server/nodes/notification";
import { runWorkflowExecutor } from "@/server/nodes/run-workflow";
import { sendEmailExecutor } from "@/server/nodes/send-email";
import { createChildRunStarter } from "@/server/services/runs/child-runs";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { makeCtx, rejection } from "./helpers";

let t: TestDb;
let ws: TestWorkspace;
const sandbox = createSandbox({ maxConcurrent: 2 });

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "nodes");
});
afterAll(async () => {
  await sandbox.close();
  await t.cleanup();
});

describe("send_email node (outbox mailer)", () => {
  const config = { to: "ada@example.com; Bob <bob@example.com>", cc: ["carol@example.com"], bcc: "", subject: "Order {{x}}", text: "Hi", html: "" };

  it("stores the email once per idempotency key", async () => {
    const mailer = createMailer({ db: t.db, smtpUrl: "" });
    const ctx = makeCtx({ workspaceId: ws.workspaceId, runId: "run_e1", idempotencyKey: "run_e1:email:", services: { mailer }, config });
    const r = await sendEmailExecutor.execute(ctx);
    expect(r).toMatchObject({
      output: { status: "stored", transport: "outbox", to: ["ada@example.com", "Bob <bob@example.com>"], subject: "Order {{x}}" },
    });
    await sendEmailExecutor.execute(ctx);
    const rows = await t.db.outboxEmail.findMany({ where: { workspaceId: ws.workspaceId, stepKey: "run_e1:email:" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ to: "ada@example.com, Bob <bob@example.com>", cc: "carol@example.com", runId: "run_e1" });
  });

  it("rejects invalid or missing addresses; preview stores nothing", async () => {
    const mailer = createMailer({ db: t.db, smtpUrl: "" });
    const bad = await rejection(sendEmailExecutor.execute(makeCtx({ workspaceId: ws.workspaceId, services: { mailer }, config: { ...config, to: "ada@example.com, not-an-address" } })));
    expect(bad.code).toBe("CONFIG_INVALID");
    expect(bad.message).toContain("not-an-address");
    const none = await rejection(sendEmailExecutor.execute(makeCtx({ workspaceId: ws.workspaceId, services: { mailer }, config: { ...config, to: "" } })));
    expect(none.message).toContain('"to" is required');
    const before = await t.db.outboxEmail.count();
    const preview = await sendEmailExecutor.preview(makeCtx({ workspaceId: ws.workspaceId, idempotencyKey: "p:1:", services: { mailer }, config }));
    expect(preview).toMatchObject({ to: ["ada@example.com", "Bob <bob@example.com>"], cc: ["carol@example.com"], subject: "Order {{x}}" });
    expect(await t.db.outboxEmail.count()).toBe(before);
  });
});

describe("notification node", () => {
  it("notifies members by role and user, idempotently", async () => {
    const notifier = createNotifier({ db: t.db });
    const ctx = makeCtx({
      workspaceId: ws.workspaceId,
      runId: "run_n1",
      idempotencyKey: "run_n1:notify:",
      services: { notifier },
      config: { title: "Deal won", body: "Acme", link: "/runs/run_n1", userIds: [ws.specialistId], roles: ["ADMIN"] },
    });
    expect(await notificationExecutor.execute(ctx)).toEqual({ output: { delivered: 2 } });
    expect(await notificationExecutor.execute(ctx)).toEqual({ output: { delivered: 2 } });
    expect(await t.db.notification.count({ where: { stepKey: "run_n1:notify:" } })).toBe(2);
  });
  it("warns when nobody matched and requires a title", async () => {
    const notifier = createNotifier({ db: t.db });
    const r = await notificationExecutor.execute(
      makeCtx({ workspaceId: ws.workspaceId, idempotencyKey: "run_n2:notify:", services: { notifier }, config: { title: "x", roles: ["OWNER"] } }),
    );
    expect(r).toMatchObject({ output: { delivered: 0 }, warnings: [expect.stringMatching(/nobody was notified/)] });
    const err = await rejection(notificationExecutor.execute(makeCtx({ workspaceId: ws.workspaceId, services: { notifier }, config: { title: "  ", roles: ["ADMIN"] } })));
    expect(err.message).toContain('"title" is required');
  });
});

describe("code node (real sandbox)", () => {
  it("runs with input = { trigger, steps, vars, loop } and returns the value with logs", async () => {
    const r = await codeExecutor.execute(
      makeCtx({
        services: { sandbox },
        scope: { trigger: { n: 3 }, steps: { Fetch: { body: [1, 2] } }, vars: { k: "v" }, loop: { item: "x", index: 4 } },
        config: { code: "console.log('n is', input.trigger.n); return { total: input.trigger.n + input.steps.Fetch.body.length, k: input.vars.k, i: input.loop.index };", timeoutMs: 1000, memoryMb: 32 },
      }),
    );
    expect(r).toEqual({ output: { total: 5, k: "v", i: 4 }, logs: ["n is 3"] });
  });
  it("fails with CODE_TIMEOUT at the configured limit", async () => {
    const err = await rejection(codeExecutor.execute(makeCtx({ services: { sandbox }, config: { code: "for(;;){}", timeoutMs: 200, memoryMb: 16 } })));
    expect(err).toMatchObject({ code: "CODE_TIMEOUT", retryable: false, message: "Code step exceeded its 200 ms time limit" });
  });
  it("stops at once when the step's signal aborts (cancel / step timeout before the code's own limit)", async () => {
    const controller = new AbortController();
    const reason = new Error("run cancelled");
    const running = codeExecutor.execute(makeCtx({ services: { sandbox }, signal: controller.signal, config: { code: "while(true){}", timeoutMs: 10_000, memoryMb: 16 } }));
    setTimeout(() => controller.abort(reason), 150);
    const started = Date.now();
    await expect(running).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(150 + 200);
  });
  it("previews without running the code", async () => {
    const p = await codeExecutor.preview(makeCtx({ services: { sandbox }, config: { code: "while(true){}" } }));
    expect(p).toMatchObject({ timeoutMs: 1000, memoryMb: 32 });
  });
});

describe("run_workflow node (real child-run starter)", () => {
  let childAutomationId = "";
  let parentRunId = "";
  beforeAll(async () => {
    const graph = JSON.stringify({ nodes: [{ id: "t", type: "manual", name: "Start", config: {}, position: { x: 0, y: 0 } }], edges: [] });
    const child = await t.db.automation.create({ data: { workspaceId: ws.workspaceId, name: "Child", draftGraph: graph, publishedVersion: 1, status: "ACTIVE" } });
    await t.db.automationVersion.create({ data: { automationId: child.id, workspaceId: ws.workspaceId, number: 1, graph } });
    const parentAuto = await t.db.automation.create({ data: { workspaceId: ws.workspaceId, name: "Parent", draftGraph: graph } });
    const parent = await t.db.run.create({ data: { workspaceId: ws.workspaceId, automationId: parentAuto.id, triggerType: "manual", idempotencyKey: "parent-1", status: "RUNNING" } });
    childAutomationId = child.id;
    parentRunId = parent.id;
  });

  it("starts one child per idempotency key and waits for it", async () => {
    const childRuns = createChildRunStarter(t.db);
    const ctx = makeCtx({
      workspaceId: ws.workspaceId,
      runId: parentRunId,
      nodeId: "call",
      idempotencyKey: `${parentRunId}:call:`,
      services: { childRuns },
      config: { automationId: childAutomationId, input: [{ key: "order", value: { id: 7 } }, { key: "note", value: "hi" }], waitForCompletion: true },
    });
    const first = await runWorkflowExecutor.execute(ctx);
    const second = await runWorkflowExecutor.execute(ctx);
    expect(first).toMatchObject({ wait: { kind: "child" } });
    expect(second).toEqual(first);
    const childRunId = (first as { wait: { childRunId: string } }).wait.childRunId;
    const row = await t.db.run.findUniqueOrThrow({ where: { id: childRunId } });
    expect(row).toMatchObject({ parentRunId, parentNodeId: "call", triggerType: "child", idempotencyKey: `${parentRunId}:call:`, status: "QUEUED" });
    expect(JSON.parse(row.triggerData)).toEqual({ order: { id: 7 }, note: "hi" });
  });

  it("outputs the child's result when resumed, and fails when the child failed", async () => {
    const ctx = (resume: Parameters<typeof makeCtx>[0]["resume"]) =>
      makeCtx({ services: {}, config: { automationId: childAutomationId, waitForCompletion: true }, resume });
    expect(await runWorkflowExecutor.execute(ctx({ kind: "child", childRunId: "c1", status: "COMPLETED", output: { ok: true }, error: null }))).toEqual({
      output: { childRunId: "c1", status: "COMPLETED", output: { ok: true } },
    });
    const err = await rejection(runWorkflowExecutor.execute(ctx({ kind: "child", childRunId: "c2", status: "FAILED", output: null, error: "HTTP 500 from api" })));
    expect(err).toMatchObject({ code: "CHILD_FAILED", retryable: false });
    expect(err.message).toBe("Child run c2 ended failed: HTTP 500 from api");
    const cancelled = await rejection(runWorkflowExecutor.execute(ctx({ kind: "child", childRunId: "c3", status: "CANCELLED", output: null, error: null })));
    expect(cancelled.code).toBe("CHILD_FAILED");
  });

  it("fire-and-forget outputs the child run id; unknown automations fail clearly", async () => {
    const childRuns = createChildRunStarter(t.db);
    const r = await runWorkflowExecutor.execute(
      makeCtx({ workspaceId: ws.workspaceId, runId: parentRunId, nodeId: "ff", idempotencyKey: `${parentRunId}:ff:`, services: { childRuns }, config: { automationId: childAutomationId, waitForCompletion: false } }),
    );
    expect(r).toMatchObject({ output: { childRunId: expect.any(String), status: "QUEUED" } });
    const err = await rejection(
      runWorkflowExecutor.execute(makeCtx({ workspaceId: ws.workspaceId, runId: parentRunId, nodeId: "x", idempotencyKey: `${parentRunId}:x:`, services: { childRuns }, config: { automationId: "missing" } })),
    );
    expect(err.code).toBe("CHILD_NOT_FOUND");
  });
});
