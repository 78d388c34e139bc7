import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/server/env";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { createRun } from "@/server/services/runs/create-run";
import { decideCallback } from "@/server/services/approvals/callback";
import { CallbackRateLimiter } from "@/server/approvals/rate-limit";
import { createAutomation } from "../engine/helpers";
import { approvalGraph, linksByEmail } from "../approvals/helpers";
import { startServer, waitFor, type ServerProcess } from "./harness";

/**
 * kill -9 of the server while runs wait for approvals: a decision taken while it
 * is down, and one taken after the restart, each resume their run exactly once
 * (one approval step outcome, the approved branch executed once).
 */
/**
 * Approval links are stored sealed (the outbox keeps the original under ENCRYPTION_KEY, the readable copy is
 * redacted): the server lives and this test share one key so the test can open the links the server mailed.
 */
const ENCRYPTION_KEY = randomBytes(32).toString("base64");
const meta = () => ({ ip: "203.0.113.9", limiter: new CallbackRateLimiter({ perIp: 1_000, perToken: 1_000, windowMs: 60_000 }) });

describe("crash: kill -9 while runs wait for approval", () => {
  let t: TestDb;
  let ws: TestWorkspace;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    process.env.ENCRYPTION_KEY = ENCRYPTION_KEY;
    resetEnvForTests();
    t = await createTestDb();
    ws = await seedTestWorkspace(t.db, "crash-approval");
  });
  afterAll(async () => {
    await server?.kill9();
    await t.cleanup();
  });

  it("decisions during and after the downtime resume each run once", async () => {
    const { automationId } = await createAutomation(t.db, ws.workspaceId, approvalGraph({ approverEmails: "ann@example.com, bob@example.com", approverRoles: [], approvalsNeeded: "all" }));
    const runIds: string[] = [];
    for (let i = 0; i < 2; i++) runIds.push((await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual", triggerData: { i } }, t.db)).runId);
    const [during, after] = runIds;

    server = startServer(t.url, { ENCRYPTION_KEY });
    const srv = server;
    await waitFor("both runs paused at the approval", async () => (await t.db.run.count({ where: { id: { in: runIds }, status: "PAUSED" } })) === 2, 60_000, srv);
    const links = new Map<string, Map<string, string[]>>();
    for (const id of runIds) links.set(id, await waitFor(`links of ${id}`, async () => { const l = await linksByEmail(t.db, id); return l.size === 2 ? l : null; }, 30_000, srv));
    const token = (runId: string, who: string) => links.get(runId)!.get(who)![0];
    // ann approves both while the server is up: still waiting for bob
    for (const id of runIds) expect(await decideCallback(token(id, "ann@example.com"), { decision: "approve" }, meta(), t.db)).toMatchObject({ state: "decided", outcome: null });

    await srv.kill9();
    expect(srv.child.signalCode).toBe("SIGKILL");
    // bob decides the first run while no server runs: the engine's transition is in the database only
    expect(await decideCallback(token(during, "bob@example.com"), { decision: "approve" }, meta(), t.db)).toMatchObject({ state: "decided", outcome: "approved" });
    expect((await t.db.run.findUniqueOrThrow({ where: { id: during } })).status).toBe("QUEUED");
    expect((await t.db.run.findUniqueOrThrow({ where: { id: after } })).status).toBe("PAUSED");

    server = startServer(t.url, { ENCRYPTION_KEY });
    const srv2 = server;
    await waitFor("the run decided during the downtime completed", async () => (await t.db.run.findUniqueOrThrow({ where: { id: during } })).status === "COMPLETED", 90_000, srv2);
    // the second run still waits after the restart; five concurrent decisions from bob's link: one wins
    expect((await t.db.run.findUniqueOrThrow({ where: { id: after } })).status).toBe("PAUSED");
    const results = await Promise.all(Array.from({ length: 5 }, () => decideCallback(token(after, "bob@example.com"), { decision: "approve" }, meta(), t.db)));
    expect(results.filter((r) => r.state === "decided")).toHaveLength(1);
    await waitFor("the run decided after the restart completed", async () => (await t.db.run.findUniqueOrThrow({ where: { id: after } })).status === "COMPLETED", 90_000, srv2);

    for (const id of runIds) {
      const steps = await t.db.stepRun.findMany({ where: { runId: id } });
      expect(steps.filter((s) => s.status === "SUCCEEDED").map((s) => s.nodeId).sort()).toEqual(["approve", "ok", "trigger"]);
      expect(steps.filter((s) => s.nodeId === "ok")).toHaveLength(1);
      expect(steps.find((s) => s.nodeId === "approve" && s.status === "SUCCEEDED")?.handle).toBe("approved");
      const req = await t.db.approvalRequest.findFirstOrThrow({ where: { runId: id } });
      expect(req.status).toBe("APPROVED");
      expect(req.resumedAt).not.toBeNull();
      expect(await t.db.approvalDecision.count({ where: { requestId: req.id } })).toBe(2);
      const resumes = await t.db.runEvent.count({ where: { runId: id, fromStatus: "PAUSED", toStatus: "QUEUED" } });
      expect(resumes).toBe(1);
    }
    await srv2.stop();
  });
});
