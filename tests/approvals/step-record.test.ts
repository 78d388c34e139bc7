import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideCallback } from "@/server/services/approvals/callback";
import { CallbackRateLimiter } from "@/server/approvals/rate-limit";
import { sweepApprovals } from "@/server/approvals/sweep";
import { cancelRun } from "@/server/services/runs/cancel-run";
import { createContext } from "@/server/trpc/context";
import { PEER_HEADER } from "@/server/security/client-ip";
import { engineEnv, setupEngineTest, stepsOf, waitForStatus, type EngineTest } from "../engine/helpers";
import { createCaller, sessionFor } from "../trpc/harness";
import { approvalGraph, startPaused, tokenFor } from "./helpers";

/**
 * Every decision reaches the step's record as it is taken (issue 11 item 6):
 * the WAITING step lists the decisions so far (N of M), an expire-and-fail
 * failure keeps them, and so does a step whose run was cancelled. In-app
 * decisions carry the caller's address from the tRPC context.
 */
engineEnv({ APP_URL: "https://switchyard.test" });

const DAY = 86_400_000;
const open = () => ({ ip: "203.0.113.7", limiter: new CallbackRateLimiter({ perIp: 10_000, perToken: 10_000, windowMs: 60_000 }) });
const emails = "ann@example.com, bob@example.com, cat@example.com";

interface Recorded {
  status?: string;
  outcome?: string;
  approvals?: number;
  rejections?: number;
  decisions?: Array<{ by: string; decision: string; comment: string; channel: string; at: string }>;
}

let t: EngineTest;
beforeAll(async () => {
  t = await setupEngineTest();
});
afterAll(async () => t.cleanup());

async function approveStep(runId: string) {
  const step = (await stepsOf(t.db, runId)).filter((s) => s.nodeId === "approve").at(-1)!;
  return { step, out: JSON.parse(step.response ?? "null") as Recorded };
}

describe("decisions on the step's record", () => {
  it("N of M: after 1 of 2 required approvals the waiting step lists that decision; the next one completes it", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: emails, approverRoles: [], approvalsNeeded: "n", approvalsCount: 2 }));
    const before = await approveStep(runId);
    expect(before.step.status).toBe("WAITING");
    expect(before.out).toMatchObject({ status: "waiting", approvers: 3, approvalsNeeded: 2 });
    expect(before.out.decisions).toBeUndefined();

    expect(await decideCallback(await tokenFor(t.db, runId, "ann@example.com"), { decision: "approve", comment: "ok by me" }, open(), t.db)).toMatchObject({ state: "decided", outcome: null });
    const one = await approveStep(runId);
    expect(one.step.status).toBe("WAITING");
    expect(one.out).toMatchObject({ status: "waiting", approvers: 3, approvalsNeeded: 2, approvals: 1, rejections: 0 });
    expect(one.out.decisions?.map((d) => [d.by, d.decision, d.comment, d.channel])).toEqual([["ann@example.com", "approved", "ok by me", "link"]]);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("PAUSED");

    expect(await decideCallback(await tokenFor(t.db, runId, "bob@example.com"), { decision: "reject", comment: "too much" }, open(), t.db)).toMatchObject({ outcome: null });
    const two = await approveStep(runId);
    expect(two.out).toMatchObject({ approvals: 1, rejections: 1 });
    expect(two.out.decisions?.map((d) => d.by)).toEqual(["ann@example.com", "bob@example.com"]);

    await decideCallback(await tokenFor(t.db, runId, "cat@example.com"), { decision: "approve" }, open(), t.db);
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    const done = await approveStep(runId);
    expect(done.step.status).toBe("SUCCEEDED");
    expect(done.out).toMatchObject({ outcome: "approved", approvals: 2, rejections: 1 });
    expect(done.out.decisions?.map((d) => d.by)).toEqual(["ann@example.com", "bob@example.com", "cat@example.com"]);
    // one record for the step: the waiting row became the finished one
    expect((await stepsOf(t.db, runId)).filter((s) => s.nodeId === "approve")).toHaveLength(1);
  });

  it("expire and fail: the failed step's record keeps the decisions taken before the expiry", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "ann@example.com, bob@example.com", approverRoles: [], approvalsNeeded: "all", onExpiry: "fail" }));
    await decideCallback(await tokenFor(t.db, runId, "bob@example.com"), { decision: "approve", comment: "from my side yes" }, open(), t.db);
    expect((await approveStep(runId)).out.decisions).toHaveLength(1);

    await sweepApprovals(t.db, new Date(Date.now() + 8 * DAY));
    const failed = await waitForStatus(t.db, runId, ["FAILED", "COMPLETED"]);
    expect(failed.status).toBe("FAILED");
    expect(failed.errorCode).toBe("APPROVAL_EXPIRED");
    const { step, out } = await approveStep(runId);
    expect(step.status).toBe("FAILED");
    expect(step.errorCode).toBe("APPROVAL_EXPIRED");
    expect(step.error).toContain("Not enough approvers decided");
    expect(out).toMatchObject({ outcome: "expired", approvals: 1, rejections: 0 });
    expect(out.decisions?.map((d) => [d.by, d.decision, d.comment, d.channel])).toEqual([["bob@example.com", "approved", "from my side yes", "link"]]);
  });

  it("a cancelled run: the step's record keeps the decisions taken before the cancel", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "ann@example.com, bob@example.com", approverRoles: [], approvalsNeeded: "all" }));
    await decideCallback(await tokenFor(t.db, runId, "ann@example.com"), { decision: "approve" }, open(), t.db);
    await cancelRun(t.admin, runId, t.db);
    const { step, out } = await approveStep(runId);
    expect(step.status).toBe("FAILED");
    expect(step.errorCode).toBe("CANCELLED");
    expect(out.decisions?.map((d) => d.by)).toEqual(["ann@example.com"]);
  });

  it("approvals.decide (tRPC) records the caller's address from the request: the TCP peer, not a made-up X-Forwarded-For", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "", approverRoles: ["ADMIN"] }));
    const headers = new Headers({ [PEER_HEADER]: "198.51.100.23", "x-forwarded-for": "6.6.6.6" });
    const ctx = await createContext({ headers, db: t.db });
    expect(ctx.clientIp).toBe("198.51.100.23");
    const admin = createCaller({ ...ctx, session: await sessionFor(t.db, t.ws.adminId, t.ws.workspaceId, "ADMIN") });
    const pending = await admin.approvals.list({ status: "pending", runId });
    const decided = await admin.approvals.decide({ id: pending.items[0].id, decision: "approve", comment: "ship it" });
    expect(decided.decisions).toMatchObject([{ by: t.ws.adminEmail, decision: "approved", channel: "in_app", ip: "198.51.100.23" }]);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { workspaceId: t.ws.workspaceId, targetId: pending.items[0].id } });
    expect(JSON.parse(audit.details ?? "{}")).toMatchObject({ channel: "in_app", ip: "198.51.100.23" });
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    const { out } = await approveStep(runId);
    expect(out.decisions?.map((d) => [d.by, d.channel])).toEqual([[t.ws.adminEmail, "in_app"]]);

    // runs.resume (admin) records the address too
    const other = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "ann@example.com", approverRoles: [] }));
    await admin.runs.resume({ runId: other.runId, decision: "reject", comment: "no" });
    const history = await admin.approvals.list({ status: "decided", runId: other.runId });
    const full = await admin.approvals.get({ id: history.items[0].id });
    expect(full.decisions).toMatchObject([{ channel: "admin", ip: "198.51.100.23" }]);
  });
});
