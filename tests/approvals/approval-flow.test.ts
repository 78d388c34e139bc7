import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideCallback, viewCallback } from "@/server/services/approvals/callback";
import { CallbackRateLimiter } from "@/server/approvals/rate-limit";
import { sweepApprovals } from "@/server/approvals/sweep";
import { hashWaitToken } from "@/server/engine/contract";
import { cancelRun } from "@/server/services/runs/cancel-run";
import { engineEnv, setupEngineTest, stepsOf, waitForStatus, type EngineTest } from "../engine/helpers";
import { approvalGraph, branchTaken, linksByEmail, startPaused, tokenFor } from "./helpers";
import { openStoredBodies, OUTBOX_NOTE } from "@/server/integrations/mail/redact";
import { dumpTables } from "../connections/fixture";

engineEnv({ APP_URL: "https://switchyard.test" });

const open = () => ({ ip: "203.0.113.7", limiter: new CallbackRateLimiter({ perIp: 10_000, perToken: 10_000, windowMs: 60_000 }) });
const emails = "ann@example.com, bob@example.com, cat@example.com";

describe("approval step: links, N of M, single use", () => {
  let t: EngineTest;
  beforeAll(async () => {
    t = await setupEngineTest();
  });
  afterAll(async () => t.cleanup());

  it("pauses with one hashed link per approver, and 2 of 3 approvals take the approved branch", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({
      approverEmails: emails, approverRoles: [], approvalsNeeded: "n", approvalsCount: 2,
      title: "Spend {{trigger.amount}} EUR", message: "Vendor {{trigger.vendor}}", details: [{ key: "Amount", value: "{{trigger.amount}}" }],
    }), { amount: 420, vendor: "Initech" });
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.waitKind).toBe("external");
    expect((await stepsOf(t.db, runId)).find((s) => s.nodeId === "approve")?.status).toBe("WAITING");

    const links = await linksByEmail(t.db, runId);
    expect([...links.keys()].sort()).toEqual(["ann@example.com", "bob@example.com", "cat@example.com"]);
    const ann = links.get("ann@example.com")![0];
    expect(ann).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const mail = await t.db.outboxEmail.findFirstOrThrow({ where: { runId, to: "ann@example.com" } });
    expect(mail.subject).toBe("Spend 420 EUR");
    // Outbox mode (no SMTP_URL): the stored copy has the link redacted; the original is sealed (admins open it).
    expect(mail.text).not.toContain(ann);
    expect(mail.html).not.toContain(ann);
    expect(mail.text).toContain("https://switchyard.test/approve/••••");
    expect(mail.text).toContain(OUTBOX_NOTE);
    expect(openStoredBodies(mail, true).text).toContain(`https://switchyard.test/approve/${ann}`);
    expect(openStoredBodies(mail, false)).toMatchObject({ sensitive: true, revealed: false });
    expect(openStoredBodies(mail, false).text).not.toContain(ann);

    // No raw token anywhere in the database (every table, OutboxEmail included): only hashes and sealed copies.
    const tokens = await t.db.approvalToken.findMany();
    expect(tokens.map((x) => x.tokenHash)).toContain(hashWaitToken(ann));
    const dump = await dumpTables(t.db);
    expect(dump).toContain("OutboxEmail");
    for (const list of links.values()) for (const token of list) expect(dump).not.toContain(token);

    // GET changes nothing
    const view = await viewCallback(ann, open(), t.db);
    expect(view.state).toBe("open");
    if (view.state !== "open") return;
    expect(view.request).toMatchObject({ title: "Spend 420 EUR", message: "Vendor Initech", automationName: "Spend approval", approvalsNeeded: 2, approverCount: 3 });
    expect(view.request.details).toEqual([{ label: "Amount", value: "420" }]);
    expect(await t.db.approvalDecision.count()).toBe(0);

    const first = await decideCallback(ann, { decision: "approve", comment: "ok by me" }, open(), t.db);
    expect(first).toMatchObject({ state: "decided", outcome: null });
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("PAUSED");
    expect((await decideCallback(ann, { decision: "reject" }, open(), t.db)).state).toBe("used");
    const second = await decideCallback(await tokenFor(t.db, runId, "cat@example.com"), { decision: "approve" }, open(), t.db);
    expect(second).toMatchObject({ state: "decided", outcome: "approved" });

    const done = await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(done.status).toBe("COMPLETED");
    expect(await branchTaken(t.db, runId)).toEqual(["ok"]);
    const step = (await stepsOf(t.db, runId)).filter((s) => s.nodeId === "approve").at(-1)!;
    expect(step.handle).toBe("approved");
    const out = JSON.parse(step.response ?? "null") as { outcome: string; approvals: number; decisions: Array<{ by: string; comment: string; channel: string }> };
    expect(out).toMatchObject({ outcome: "approved", approvals: 2 });
    expect(out.decisions.map((d) => [d.by, d.channel, d.comment])).toEqual([["ann@example.com", "link", "ok by me"], ["cat@example.com", "link", ""]]);

    // bob's link after the request was decided: closed (410), nothing leaks
    expect(await viewCallback(await tokenFor(t.db, runId, "bob@example.com"), open(), t.db)).toEqual({ state: "closed", outcome: "approved" });
    // audit log and run history
    const audit = await t.db.auditLog.findMany({ where: { workspaceId: t.ws.workspaceId, targetType: "approval" } });
    expect(audit.map((a) => a.action).sort()).toEqual(["approval.approved", "approval.approved"]);
    expect(JSON.parse(audit[0].details ?? "{}")).toMatchObject({ channel: "link", ip: "203.0.113.7", runId });
    const events = await t.db.runEvent.findMany({ where: { runId }, orderBy: { at: "asc" } });
    expect(events.filter((e) => e.reason?.startsWith("approval:")).map((e) => e.reason)).toEqual([
      "approval: ann@example.com approved via link",
      "approval: cat@example.com approved via link; request approved",
    ]);
    expect(events.some((e) => e.fromStatus === "PAUSED" && e.toStatus === "QUEUED")).toBe(true);
  });

  it("all: the first rejection takes the rejected branch", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: emails, approverRoles: [], approvalsNeeded: "all" }));
    const r = await decideCallback(await tokenFor(t.db, runId, "bob@example.com"), { decision: "reject", comment: "too much" }, open(), t.db);
    expect(r).toMatchObject({ state: "decided", outcome: "rejected" });
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    expect(await branchTaken(t.db, runId)).toEqual(["no"]);
  });

  it("one of 3: a single rejection does not decide; three do", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: emails, approverRoles: [], approvalsNeeded: "one" }));
    for (const [i, who] of ["ann@example.com", "bob@example.com", "cat@example.com"].entries()) {
      const r = await decideCallback(await tokenFor(t.db, runId, who), { decision: "reject" }, open(), t.db);
      expect(r).toMatchObject({ state: "decided", outcome: i < 2 ? null : "rejected" });
    }
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    expect(await branchTaken(t.db, runId)).toEqual(["no"]);
  });

  it("10 concurrent posts of one link: exactly one decision, the rest see already decided", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "ann@example.com", approverRoles: [] }));
    const token = await tokenFor(t.db, runId, "ann@example.com");
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => decideCallback(token, { decision: i % 2 ? "approve" : "reject" }, open(), t.db)));
    expect(results.filter((r) => r.state === "decided")).toHaveLength(1);
    expect(results.filter((r) => r.state !== "decided").every((r) => ["already-decided", "used", "closed"].includes(r.state))).toBe(true);
    expect(await t.db.approvalDecision.count({ where: { request: { runId } } })).toBe(1);
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    expect((await branchTaken(t.db, runId)).length).toBe(1);
    expect((await t.db.stepRun.findMany({ where: { runId, nodeId: "approve", status: "SUCCEEDED" } })).length).toBe(1);
  });

  it("workspace roles become approvers with an in-app notification; unknown and malformed tokens are not found", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "", approverRoles: ["ADMIN"] }));
    const links = await linksByEmail(t.db, runId);
    expect([...links.keys()]).toEqual([t.ws.adminEmail]);
    const note = await t.db.notification.findFirstOrThrow({ where: { userId: t.ws.adminId, runId } });
    expect(note.link).toMatch(/^\/approvals\?request=/);
    expect(await viewCallback("A".repeat(43), open(), t.db)).toEqual({ state: "not-found" });
    expect(await viewCallback("short", open(), t.db)).toEqual({ state: "not-found" });
    expect(await decideCallback("B".repeat(43), { decision: "approve" }, open(), t.db)).toEqual({ state: "not-found" });
  });

  it("a cancelled run's link shows withdrawn and decides nothing", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "ann@example.com", approverRoles: [] }));
    const token = await tokenFor(t.db, runId, "ann@example.com");
    await cancelRun(t.admin, runId, t.db);
    expect(await viewCallback(token, open(), t.db)).toEqual({ state: "withdrawn" });
    expect(await decideCallback(token, { decision: "approve" }, open(), t.db)).toEqual({ state: "withdrawn" });
    await sweepApprovals(t.db, new Date());
    expect((await t.db.approvalRequest.findFirstOrThrow({ where: { runId } })).status).toBe("CANCELLED");
    expect(await decideCallback(token, { decision: "approve" }, open(), t.db)).toEqual({ state: "withdrawn" });
    expect(await t.db.approvalDecision.count({ where: { request: { runId } } })).toBe(0);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("CANCELLED");
  });

  it("rate limits per token and per IP (429 with the seconds to wait)", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "ann@example.com", approverRoles: [] }));
    const token = await tokenFor(t.db, runId, "ann@example.com");
    const limiter = new CallbackRateLimiter({ perIp: 5, perToken: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) expect((await viewCallback(token, { ip: `198.51.100.${i}`, limiter }, t.db)).state).toBe("open");
    const err = await viewCallback(token, { ip: "198.51.100.9", limiter }, t.db).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "RATE_LIMITED" });
    expect((err as { details: { retryAfter: number } }).details.retryAfter).toBeGreaterThan(0);
    // per IP: guessing many tokens from one address
    const ipLimiter = new CallbackRateLimiter({ perIp: 5, perToken: 100, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) await viewCallback(`${"x".repeat(42)}${i}`, { ip: "192.0.2.1", limiter: ipLimiter }, t.db);
    await expect(viewCallback("y".repeat(43), { ip: "192.0.2.1", limiter: ipLimiter }, t.db)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect((await viewCallback(token, { ip: "192.0.2.2", limiter: ipLimiter }, t.db)).state).toBe("open");
    // the rate-limited request decided nothing
    expect(await t.db.approvalDecision.count({ where: { request: { runId } } })).toBe(0);
  });
});
