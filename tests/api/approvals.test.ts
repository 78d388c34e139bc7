import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun } from "@/server/services/runs/create-run";
import { createAutomation, engineEnv, setupEngineTest, waitForStatus, type EngineTest } from "../engine/helpers";
import { approvalGraph, branchTaken, tokenFor } from "../approvals/helpers";
import { apiClient, makeKeys, type Call, type Keys } from "./harness";

/** REST v1 approvals: list/get, approve/reject with approvals:write, run resume, and the public callbacks without a key. */
let t: EngineTest;
let call: Call;
let keys: Keys;

async function paused(config: Record<string, unknown> = {}) {
  const { automationId } = await createAutomation(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "ann@example.com", approverRoles: [], ...config }));
  const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
  await waitForStatus(t.db, runId, ["PAUSED"]);
  return { runId, approvalId: (await t.db.approvalRequest.findFirstOrThrow({ where: { runId } })).id };
}

beforeAll(async () => {
  engineEnv();
  t = await setupEngineTest();
  call = apiClient(t.db);
  keys = await makeKeys(t.db, t.ws);
});
afterAll(async () => t?.cleanup());

describe("REST approvals", () => {
  it("lists pending requests, approves one (channel api) and the run takes the approved branch; a second decision is 409", async () => {
    const { runId, approvalId } = await paused();
    const list = await call("GET", "/approvals", { key: keys.readOnly });
    expect(list.status).toBe(200);
    expect((list.json as { data: Array<{ id: string; status: string }> }).data.find((a) => a.id === approvalId)?.status).toBe("pending");
    const got = await call("GET", `/approvals/${approvalId}`, { key: keys.readOnly });
    expect(got.json).toMatchObject({ id: approvalId, kind: "approval", run_id: runId, approvers: [{ email: "ann@example.com", decided: false }] });
    expect((await call("POST", `/approvals/${approvalId}/approve`, { key: keys.readOnly, body: {} })).status).toBe(403);
    const ok = await call("POST", `/approvals/${approvalId}/approve`, { key: keys.full, body: { comment: "via API" }, ip: "203.0.113.7" });
    expect(ok.status, ok.text).toBe(200);
    // The decision history records the API client's address, as it does for in-app and link decisions.
    expect(ok.json).toMatchObject({ status: "approved", decisions: [{ decision: "approved", channel: "api", comment: "via API", ip: "203.0.113.7" }] });
    expect((await call("POST", `/approvals/${approvalId}/reject`, { key: keys.full, body: {} })).status).toBe(409);
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    expect(await branchTaken(t.db, runId)).toEqual(["ok"]);
    expect((await call("GET", `/approvals/${approvalId}`, { key: keys.other })).status).toBe(404);
  });

  it("POST /automations/runs/{run_id}/resume rejects; resuming a run that is not waiting is 409 with a clear message", async () => {
    const { runId } = await paused();
    const r = await call("POST", `/automations/runs/${runId}/resume`, { key: keys.full, body: { decision: "reject", comment: "no" }, ip: "198.51.100.4" });
    expect(r.status, r.text).toBe(200);
    const decision = await t.db.approvalDecision.findFirstOrThrow({ where: { request: { runId } } });
    expect({ decision: decision.decision, ip: decision.ip }).toEqual({ decision: "rejected", ip: "198.51.100.4" });
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    expect(await branchTaken(t.db, runId)).toEqual(["no"]);
    const again = await call("POST", `/automations/runs/${runId}/resume`, { key: keys.full, body: { decision: "approve" } });
    expect(again.status).toBe(409);
    expect((again.json as { error: { message: string } }).error.message).toContain("not waiting for a decision");
    expect((await call("POST", `/automations/runs/${runId}/resume`, { key: keys.full, body: { decision: "" } })).status).toBe(400);
  });

  it("public callbacks: GET without a key shows and changes nothing; POST decides once; unknown 404; used 410; rate limited 429", async () => {
    const { runId } = await paused();
    const token = await tokenFor(t.db, runId, "ann@example.com");
    const view = await call("GET", `/callbacks/${token}`);
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({ state: "open", request: { kind: "approval", approver: "ann@example.com" } });
    expect(await t.db.approvalDecision.count({ where: { request: { runId } } })).toBe(0);
    const bad = await call("POST", `/callbacks/${token}`, { body: { decision: "maybe" } });
    expect(bad.status).toBe(400);
    const decided = await call("POST", `/callbacks/${token}`, { body: { decision: "approve", comment: "yes" } });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.json).toMatchObject({ state: "decided", decision: "approved", outcome: "approved" });
    const used = await call("POST", `/callbacks/${token}`, { body: { decision: "reject" } });
    expect(used.status).toBe(410);
    // the page's state, plus the REST error envelope on every 4xx state
    expect(used.json).toEqual({ state: "used", decision: "approved", at: expect.any(String) as string, error: { code: "gone", message: "This link was already used", details: { state: "used" } } });
    expect((await call("GET", `/callbacks/${"N".repeat(43)}`)).status).toBe(404);
    expect((await call("GET", `/callbacks/${"N".repeat(43)}`)).json).toEqual({ state: "not-found", error: { code: "not_found", message: expect.stringMatching(/not valid/) as string, details: { state: "not-found" } } });
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    let last = 0;
    for (let i = 0; i < 25 && last !== 429; i++) last = (await call("GET", `/callbacks/${token}`)).status;
    expect(last).toBe(429);
  });
});
