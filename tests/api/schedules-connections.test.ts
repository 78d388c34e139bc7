import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineEnv, setupEngineTest, type EngineTest } from "../engine/helpers";
import { apiClient, makeKey, type Call } from "./harness";

/**
 * Seed 003 event schedules (and their /auto-schedules aliases), bulk-enroll
 * (and /auto-queues), and seed 001 connections over REST: behaviour beyond
 * the contract walk (validation, aliases, dedupe, write-only secrets, switch).
 */
let t: EngineTest;
let call: Call;
let key: string;
let automationId: string;

beforeAll(async () => {
  engineEnv();
  t = await setupEngineTest();
  call = apiClient(t.db);
  key = await makeKey(t.db, t.ws);
  const created = await call("POST", "/automations", { key, body: { name: "Target", trigger_type: "manual" } });
  automationId = (created.json as { id: string }).id;
  await call("POST", `/automations/${automationId}/actions`, { key, body: { action_type: "set_variables", sequence: 1, config: { variables: [{ key: "a", value: "1" }] } } });
  await call("POST", `/automations/${automationId}/enable`, { key });
});
afterAll(async () => {
  await t?.cleanup();
});

describe("event schedules", () => {
  it("create from time_of_day + days_of_week, read through the alias, patch, preview, fire now, history, delete", async () => {
    const bad = await call("POST", "/event-schedules/preview-cron", { key, body: { cron_expression: "61 * * * *" } });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/61/);
    const preview = await call("POST", "/auto-schedules/preview-cron", { key, body: { cron_expression: "0 9 * * 1-5", timezone: "Europe/Berlin", count: 3 } });
    expect(preview.status, preview.text).toBe(200);
    expect((preview.json as { next_runs: string[] }).next_runs).toHaveLength(3);

    const created = await call("POST", "/event-schedules", {
      key,
      body: { name: "Morning", automation_id: automationId, time_of_day: "08:00", days_of_week: [1, 2, 3, 4, 5], timezone: "Australia/Melbourne", audience: [{ id: "a" }, { id: "b" }] },
    });
    expect(created.status, created.text).toBe(201);
    const s = created.json as { id: string; cron_expression: string; is_active: boolean; next_run_at: string | null; audience_size: number };
    expect(s).toMatchObject({ cron_expression: "0 8 * * 1-5", is_active: true, audience_size: 2 });
    expect(s.next_run_at).toBeTruthy();

    const viaAlias = await call("GET", `/auto-schedules/${s.id}`, { key });
    expect(viaAlias.json).toMatchObject({ id: s.id, timezone: "Australia/Melbourne", upcoming: expect.any(Array) });

    const patched = await call("PATCH", `/event-schedules/${s.id}`, { key, body: { cron_expression: "*/30 * * * *", max_runs: 10 } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json).toMatchObject({ name: "Morning", cron_expression: "*/30 * * * *", max_runs: 10, timezone: "Australia/Melbourne", audience_size: 2 });
    const paused = await call("PATCH", `/event-schedules/${s.id}`, { key, body: { is_active: false } });
    expect(paused.json).toMatchObject({ is_active: false, next_run_at: null, cron_expression: "*/30 * * * *" });

    const fired = await call("POST", `/event-schedules/${s.id}/fire-now`, { key });
    expect(fired.status, fired.text).toBe(201);
    expect(fired.json).toMatchObject({ audience_size: 2, runs_triggered: 2, runs_failed: 0 });
    const history = await call("GET", `/event-schedules/${s.id}/runs`, { key });
    expect((history.json as { data: Array<{ kind: string; runs_triggered: number }> }).data).toEqual([expect.objectContaining({ kind: "manual", runs_triggered: 2 })]);
    expect((await call("GET", `/event-schedules/${s.id}`, { key })).json).toMatchObject({ run_count: 0 });

    const list = await call("GET", "/event-schedules?kind=standalone", { key });
    expect((list.json as { data: Array<{ id: string }> }).data.map((x) => x.id)).toContain(s.id);
    expect((await call("DELETE", `/auto-schedules/${s.id}`, { key })).status).toBe(204);
    expect((await call("GET", `/event-schedules/${s.id}`, { key })).status).toBe(404);
  });

  it("validation names the field; an unknown automation is 404; schedules:delete is needed to delete", async () => {
    const noTime = await call("POST", "/event-schedules", { key, body: { name: "x", automation_id: automationId } });
    expect(noTime.status).toBe(400);
    const badDay = await call("POST", "/event-schedules", { key, body: { name: "x", automation_id: automationId, time_of_day: "08:00", days_of_week: [7] } });
    expect(badDay.status).toBe(400);
    expect(badDay.text).toMatch(/days_of_week/);
    expect((await call("POST", "/event-schedules", { key, body: { name: "x", automation_id: "nope", cron_expression: "0 9 * * *" } })).status).toBe(404);
    const writer = await makeKey(t.db, t.ws, ["schedules:read", "schedules:write"], "writer");
    const made = await call("POST", "/event-schedules", { key: writer, body: { name: "Keep", automation_id: automationId, cron_expression: "0 9 * * *" } });
    const del = await call("DELETE", `/event-schedules/${(made.json as { id: string }).id}`, { key: writer });
    expect(del.status).toBe(403);
    expect(del.text).toContain("schedules:delete");
  });
});

describe("bulk-enroll", () => {
  it("contact_ids: one run each, pending ids skipped on the second call; exactly one targeting mode", async () => {
    const first = await call("POST", `/auto-queues/${automationId}/bulk-enroll`, { key, body: { contact_ids: ["c1", "c2", "c2"] } });
    expect(first.status, first.text).toBe(201);
    expect(first.json).toMatchObject({ enrolled: 2, skipped: 1 });
    const both = await call("POST", `/automations/${automationId}/bulk-enroll`, { key, body: { contact_ids: ["c1"], deal_ids: ["d1"] } });
    expect(both.status).toBe(400);
    expect(both.text).toMatch(/exactly one/);
  });
});

describe("connections", () => {
  it("secret fields are write-only: never in any answer; usage and switch", async () => {
    const SECRET = "s3cr3t-token-value-ABC";
    const created = await call("POST", "/connections", { key, body: { name: "Orders", type: "http_bearer", values: { token: SECRET } } });
    expect(created.status, created.text).toBe(201);
    const id = (created.json as { id: string }).id;
    expect(created.json).toMatchObject({ name: "Orders", type: "http_bearer", secret_fields: [{ field: "token", set_at: expect.any(String) }] });
    const other = await call("POST", "/connections", { key, body: { name: "Orders 2", type: "http_bearer", values: { token: `${SECRET}-2` } } });
    const otherId = (other.json as { id: string }).id;

    const reader = await makeKey(t.db, t.ws, ["connections:read"], "reader");
    const readerView = await call("GET", `/connections/${id}`, { key: reader });
    expect(readerView.json).toMatchObject({ name: "Orders", values: null, secret_fields: null });

    const patched = await call("PATCH", `/connections/${id}`, { key, body: { values: { token: `${SECRET}-new` }, description: "rotated" } });
    expect(patched.status, patched.text).toBe(200);

    const auto = await call("POST", "/automations", { key, body: { name: "Uses Orders", trigger_type: "manual" } });
    const autoId = (auto.json as { id: string }).id;
    await call("POST", `/automations/${autoId}/actions`, { key, body: { action_type: "http_request", sequence: 1, config: { method: "GET", url: "https://example.com/orders", connectionId: id } } });
    const usage = await call("GET", `/connections/${id}/usage`, { key });
    expect(usage.json).toMatchObject({ count: 1, automations: [{ automation_id: autoId, draft_actions: [expect.objectContaining({ id: expect.any(String) })] }] });
    const refused = await call("DELETE", `/connections/${id}`, { key });
    expect(refused.status).toBe(409);

    const switched = await call("POST", `/automations/${autoId}/connections/switch`, { key, body: { from_connection_id: id, to_connection_id: otherId } });
    expect(switched.status, switched.text).toBe(200);
    expect((switched.json as { changed: unknown[] }).changed).toHaveLength(1);
    expect((await call("GET", `/connections/${id}/usage`, { key })).json).toMatchObject({ count: 0 });
    expect((await call("DELETE", `/connections/${id}`, { key })).status).toBe(204);

    const texts = [created.text, other.text, readerView.text, patched.text, usage.text, switched.text, (await call("GET", "/connections", { key })).text, (await call("GET", `/connections/${otherId}`, { key })).text];
    for (const text of texts) expect(text).not.toContain(SECRET);
  });
});
