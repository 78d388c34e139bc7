import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callbackPageHandler } from "@/server/approvals/page-route";
import { PEER_HEADER } from "@/server/security/client-ip";
import { sweepApprovals } from "@/server/approvals/sweep";
import { AppError } from "@/server/services/errors";
import { resumeWaitingRun } from "@/server/services/runs/resume-waiting-run";
import { decideApproval } from "@/server/services/approvals/decide-approval";
import { listApprovals } from "@/server/services/approvals/list-approvals";
import { getApproval } from "@/server/services/approvals/get-approval";
import { chain, edge, engineEnv, node, setupEngineTest, setVars, stepsOf, trigger, waitForStatus, type EngineTest } from "../engine/helpers";
import { approvalGraph, branchTaken, linksByEmail, startPaused, tokenFor } from "./helpers";

engineEnv({ APP_URL: "https://switchyard.test" });

const DAY = 86_400_000;
let ipSeq = 0;
let t: EngineTest;
async function call(method: "GET" | "POST", token: string, body?: Record<string, string>) {
  ipSeq += 1;
  const headers: Record<string, string> = { [PEER_HEADER]: `10.9.${Math.floor(ipSeq / 250)}.${ipSeq % 250}` };
  let init: RequestInit = { method, headers };
  if (body) init = { method, headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(body).toString() };
  const res = await callbackPageHandler({ db: t.db })(new Request(`https://switchyard.test/approve/${token}`, init), { params: Promise.resolve({ token }) });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

const FIELDS = [
  { name: "company", label: "Company", type: "text", required: true },
  { name: "email", label: "Work email", type: "email", required: true },
  { name: "seats", label: "Seats", type: "number", required: true, min: 1, max: 500 },
  { name: "plan", label: "Plan", type: "select", options: ["Starter", "Pro"], required: true },
  { name: "terms", label: "I accept the terms", type: "checkbox", required: true },
  { name: "start", label: "Start date", type: "date" },
  { name: "notes", label: "Notes", type: "long_text" },
];

function formGraph(extra: Record<string, unknown> = {}) {
  const g = chain([trigger(), node("intake", "form", { approverEmails: "lead@example.com", approverRoles: [], title: "Onboarding for {{trigger.customer}}", fields: FIELDS, ...extra }, undefined, "Intake")]);
  g.nodes.push(setVars("after", { company: "{{steps.Intake.values.company}}", seats: "{{steps.Intake.values.seats}}" }), setVars("late", { expired: "yes" }));
  g.edges.push(edge("intake", "after", "submitted"), edge("intake", "late", "expired"));
  return g;
}

describe("public page, forms, expiry, resume, inbox", () => {
  beforeAll(async () => {
    t = await setupEngineTest();
  });
  afterAll(async () => t.cleanup());

  it("the page: GET 200 with escaped values and no writes; POST approves once; then 410; unknown 404", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "ann@example.com", approverRoles: [], message: "{{trigger.note}}" }), { note: "<script>alert(1)</script>" });
    const token = await tokenFor(t.db, runId, "ann@example.com");
    const get = await call("GET", token);
    expect(get.status).toBe(200);
    expect(get.headers.get("cache-control")).toBe("no-store");
    expect(get.headers.get("referrer-policy")).toBe("no-referrer");
    expect(get.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(get.html).not.toContain("<script>");
    expect(get.html).toContain('data-testid="callback-approve"');
    for (let i = 0; i < 3; i++) expect((await call("GET", token)).status).toBe(200);
    expect(await t.db.approvalDecision.count({ where: { request: { runId } } })).toBe(0);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("PAUSED");

    const post = await call("POST", token, { decision: "approve", comment: "Fine <b>by</b> me" });
    expect(post.status).toBe(200);
    expect(post.html).toContain("You approved this request");
    expect((await call("POST", token, { decision: "reject" })).status).toBe(410);
    const again = await call("GET", token);
    expect(again.status).toBe(410);
    expect(again.html).toContain("already used");
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    expect(await branchTaken(t.db, runId)).toEqual(["ok"]);
    const unknown = await call("GET", "Z".repeat(43));
    expect(unknown.status).toBe(404);
    expect(unknown.html).not.toContain("Spend approval");
    expect((await call("POST", token.slice(0, 20), { decision: "approve" })).status).toBe(404);
  });

  it("form: invalid submissions show field errors (422) and change nothing; a valid one becomes the step output", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, formGraph(), { customer: "Initech" });
    const token = await tokenFor(t.db, runId, "lead@example.com");
    const get = await call("GET", token);
    expect(get.status).toBe(200);
    expect(get.html).toContain("Onboarding for Initech");
    for (const f of FIELDS) expect(get.html).toContain(`name="field.${f.name}"`);

    const bad = await call("POST", token, { decision: "submit", "field.company": "Initech", "field.email": "nope", "field.seats": "9000", "field.plan": "Gold", "field.start": "2026-02-30" });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("Work email must be an email address");
    expect(bad.html).toContain("Seats must be at most 500");
    expect(bad.html).toContain("Plan must be one of: Starter, Pro");
    expect(bad.html).toContain("I accept the terms must be checked");
    expect(bad.html).toContain("Start date must be a date");
    expect(bad.html).toContain('value="Initech"');
    expect(bad.html).toContain('aria-invalid="true"');
    expect(await t.db.approvalDecision.count({ where: { request: { runId } } })).toBe(0);
    expect((await t.db.approvalRequest.findFirstOrThrow({ where: { runId } })).status).toBe("PENDING");

    const ok = await call("POST", token, { decision: "submit", "field.company": "Initech", "field.email": "ops@initech.test", "field.seats": "25", "field.plan": "Pro", "field.terms": "on", "field.notes": "Line 1\nLine 2" });
    expect(ok.status).toBe(200);
    expect(ok.html).toContain("Form submitted");
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    const steps = await stepsOf(t.db, runId);
    const intake = steps.filter((s) => s.nodeId === "intake").at(-1)!;
    expect(intake.handle).toBe("submitted");
    expect(JSON.parse(intake.response ?? "null")).toMatchObject({
      outcome: "submitted",
      values: { company: "Initech", email: "ops@initech.test", seats: 25, plan: "Pro", terms: true, start: null, notes: "Line 1\nLine 2" },
      submittedBy: "lead@example.com",
    });
    expect(JSON.parse(steps.find((s) => s.nodeId === "after")?.response ?? "null")).toEqual({ variables: { company: "Initech", seats: 25 } });
  });

  it("expiry with a fake clock: fail the run, the rejected branch, or the expired branch; the link then shows expired (410)", async () => {
    const far = () => new Date(Date.now() + 8 * DAY);
    const failRun = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "ann@example.com", approverRoles: [], onExpiry: "fail" }));
    const rejRun = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "ann@example.com", approverRoles: [], onExpiry: "rejected" }));
    const expRun = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "ann@example.com", approverRoles: [], onExpiry: "expired", expiresIn: 2, expiresUnit: "hours" }));
    const formRun = await startPaused(t.db, t.ws.workspaceId, formGraph({ onExpiry: "expired" }), { customer: "X" });

    // Not yet due at 6 days: nothing happens (the expired-branch one had 2 hours).
    const early = await sweepApprovals(t.db, new Date(Date.now() + 3 * 3_600_000));
    expect(early.expired).toBeGreaterThanOrEqual(1);
    await waitForStatus(t.db, expRun.runId, ["COMPLETED"]);
    expect(await branchTaken(t.db, expRun.runId)).toEqual(["late"]);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: failRun.runId } })).status).toBe("PAUSED");

    const token = await tokenFor(t.db, failRun.runId, "ann@example.com");
    const r = await sweepApprovals(t.db, far());
    expect(r.expired).toBeGreaterThanOrEqual(3);
    const failed = await waitForStatus(t.db, failRun.runId, ["FAILED", "COMPLETED"]);
    expect(failed.status).toBe("FAILED");
    expect(failed.errorCode).toBe("APPROVAL_EXPIRED");
    await waitForStatus(t.db, rejRun.runId, ["COMPLETED"]);
    expect(await branchTaken(t.db, rejRun.runId)).toEqual(["no"]);
    await waitForStatus(t.db, formRun.runId, ["COMPLETED"]);
    expect((await stepsOf(t.db, formRun.runId)).some((s) => s.nodeId === "late" && s.status === "SUCCEEDED")).toBe(true);

    const page = await call("GET", token);
    expect(page.status).toBe(410);
    expect(page.html).toContain("This link has expired");
    expect((await call("POST", token, { decision: "approve" })).status).toBe(410);
    expect(await t.db.approvalDecision.count({ where: { request: { runId: failRun.runId } } })).toBe(0);
  });

  it("a reminder sends a fresh link once to those who have not answered; both links work", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "ann@example.com, bob@example.com", approverRoles: [], approvalsNeeded: "all", remindAfterHours: 24 }));
    await call("POST", await tokenFor(t.db, runId, "ann@example.com"), { decision: "approve" });
    expect((await sweepApprovals(t.db, new Date(Date.now() + 3_600_000))).reminded).toBe(0);
    expect((await sweepApprovals(t.db, new Date(Date.now() + 25 * 3_600_000))).reminded).toBe(1);
    expect((await sweepApprovals(t.db, new Date(Date.now() + 26 * 3_600_000))).reminded).toBe(0);
    const links = await linksByEmail(t.db, runId);
    expect(links.get("ann@example.com")).toHaveLength(1);
    expect(links.get("bob@example.com")).toHaveLength(2);
    const reminder = await t.db.outboxEmail.findFirstOrThrow({ where: { runId, to: "bob@example.com", subject: { startsWith: "Reminder:" } } });
    expect(reminder.text).toContain("still waiting");
    const [first, second] = links.get("bob@example.com")!;
    expect((await call("GET", first)).status).toBe(200);
    expect((await call("POST", second, { decision: "approve" })).status).toBe(200);
    expect((await call("GET", first)).status).toBe(410);
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    expect(await branchTaken(t.db, runId)).toEqual(["ok"]);
  });

  it("runs.resume: admin decides for a waiting approval or form; clear errors otherwise", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "ann@example.com", approverRoles: [] }));
    const specialist = { userId: t.ws.specialistId, workspaceId: t.ws.workspaceId, role: "SPECIALIST" as const };
    await expect(resumeWaitingRun(specialist, { runId, decision: "approve" }, t.db)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(resumeWaitingRun(t.admin, { runId, decision: "maybe" }, t.db)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const otherWs = { userId: t.ws.otherAdminId, workspaceId: t.ws.otherWorkspaceId, role: "ADMIN" as const };
    await expect(resumeWaitingRun(otherWs, { runId, decision: "approve" }, t.db)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => resumeWaitingRun(t.admin, { runId, decision: "reject", comment: "no budget" }, t.db)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    expect(await branchTaken(t.db, runId)).toEqual(["no"]);
    const err = (await resumeWaitingRun(t.admin, { runId, decision: "approve" }, t.db).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toBe("Run is COMPLETED, not waiting for a decision: only a run paused at an approval, a form or an external wait can be resumed");
    await expect(resumeWaitingRun(t.admin, { runId: "nope", decision: "approve" }, t.db)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const detail = (await listApprovals(t.admin, { status: "decided", runId }, t.db)).items[0];
    expect(detail).toMatchObject({ status: "REJECTED", rejections: 1 });
    const full = await getApproval(t.admin, { id: detail.id }, t.db);
    expect(full.decisions).toMatchObject([{ by: t.ws.adminEmail, decision: "rejected", comment: "no budget", channel: "admin" }]);

    const form = await startPaused(t.db, t.ws.workspaceId, formGraph(), { customer: "Y" });
    const invalid = (await resumeWaitingRun(t.admin, { runId: form.runId, decision: "submit", data: { company: "" } }, t.db).catch((e: unknown) => e)) as AppError;
    expect(invalid.code).toBe("UNPROCESSABLE");
    expect(invalid.details?.issues).toContainEqual({ field: "data.company", message: "is required" });
    await resumeWaitingRun(t.admin, { runId: form.runId, decision: "submit", data: { company: "Y Corp", email: "a@y.test", seats: 3, plan: "Starter", terms: true } }, t.db);
    await waitForStatus(t.db, form.runId, ["COMPLETED"]);
    const out = JSON.parse((await stepsOf(t.db, form.runId)).filter((s) => s.nodeId === "intake").at(-1)?.response ?? "null") as { values: Record<string, unknown> };
    expect(out.values).toMatchObject({ company: "Y Corp", seats: 3, terms: true });
  });

  it("inbox: workspace approvers decide in-app; specialists read only; other workspaces see nothing", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "", approverRoles: ["ADMIN"] }));
    const pending = await listApprovals(t.admin, { status: "pending", runId }, t.db);
    expect(pending.items).toHaveLength(1);
    expect(pending.items[0]).toMatchObject({ canDecide: true, automationName: "Spend approval", approverCount: 1 });
    const specialist = { userId: t.ws.specialistId, workspaceId: t.ws.workspaceId, role: "SPECIALIST" as const };
    expect((await listApprovals(specialist, { runId }, t.db)).items[0].canDecide).toBe(false);
    await expect(decideApproval(specialist, { id: pending.items[0].id, decision: "approve" }, t.db)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const otherWs = { userId: t.ws.otherAdminId, workspaceId: t.ws.otherWorkspaceId, role: "ADMIN" as const };
    expect((await listApprovals(otherWs, { runId }, t.db)).items).toHaveLength(0);
    await expect(getApproval(otherWs, { id: pending.items[0].id }, t.db)).rejects.toMatchObject({ code: "NOT_FOUND" });

    const decided = await decideApproval(t.admin, { id: pending.items[0].id, decision: "approve", comment: "ship it" }, t.db, { ip: "127.0.0.1" });
    expect(decided.status).toBe("APPROVED");
    expect(decided.decisions).toMatchObject([{ by: t.ws.adminEmail, decision: "approved", comment: "ship it", channel: "in_app", ip: "127.0.0.1" }]);
    await expect(decideApproval(t.admin, { id: pending.items[0].id, decision: "reject" }, t.db)).rejects.toMatchObject({ code: "CONFLICT" });
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    expect(await branchTaken(t.db, runId)).toEqual(["ok"]);
  });
});
