import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { engineEnv } from "../engine/helpers";
import { apiClient, makeKey, type Call } from "./harness";

/** REST v1 event subscriptions: scopes, the secret shown once, specific 400s, the catalog. */
let t: TestDb;
let ws: TestWorkspace;
let call: Call;
let readKey: string;
let writeKey: string;

beforeAll(async () => {
  engineEnv();
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "rest-webhooks");
  call = apiClient(t.db);
  readKey = await makeKey(t.db, ws, ["webhooks:read"], "webhooks read");
  writeKey = await makeKey(t.db, ws, ["webhooks:read", "webhooks:write"], "webhooks write");
});
afterAll(async () => {
  await t?.cleanup();
});

describe("REST /webhooks/subscriptions", () => {
  it("a webhooks:read key lists and reads but cannot create (403 naming webhooks:write); nothing is written", async () => {
    expect((await call("GET", "/webhooks/subscriptions", { key: readKey })).status).toBe(200);
    const denied = await call("POST", "/webhooks/subscriptions", { key: readKey, body: { url: "http://127.0.0.1:9/h", events: ["*"] } });
    expect(denied.status).toBe(403);
    expect((denied.json as { error: { message: string } }).error.message).toContain("webhooks:write");
    expect(await t.db.webhookSubscription.count()).toBe(0);
    const noScope = await makeKey(t.db, ws, ["automations:read"], "no webhooks");
    expect((await call("GET", "/webhooks/subscriptions", { key: noScope })).status).toBe(403);
  });

  it("create returns the secret once; get, list and logs never do; bad input answers a specific 400", async () => {
    const created = await call("POST", "/webhooks/subscriptions", { key: writeKey, body: { url: "http://127.0.0.1:9/hook", events: ["run.failed", "run.completed"] } });
    expect(created.status, created.text).toBe(201);
    const body = created.json as { id: string; secret: string; events: string[]; is_active: boolean };
    expect(body.secret).toMatch(/^whsec_/);
    expect(body.events).toEqual(["run.completed", "run.failed"]);
    const got = await call("GET", `/webhooks/subscriptions/${body.id}`, { key: readKey });
    expect(got.status).toBe(200);
    expect(got.text).not.toContain(body.secret);
    expect((await call("GET", "/webhooks/subscriptions", { key: readKey })).text).not.toContain(body.secret);
    expect((await call("GET", `/webhooks/subscriptions/${body.id}/logs`, { key: readKey })).json).toEqual({ data: [], next_cursor: null });

    const privateUrl = await call("POST", "/webhooks/subscriptions", { key: writeKey, body: { url: "http://192.168.1.10/hook", events: ["*"] } });
    expect(privateUrl.status).toBe(400);
    expect((privateUrl.json as { error: { message: string } }).error.message).toMatch(/private network address/);
    const unknown = await call("POST", "/webhooks/subscriptions", { key: writeKey, body: { url: "http://127.0.0.1:9/hook", events: ["run.exploded"] } });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("unknown event type run.exploded");
    const badSecret = await call("POST", "/webhooks/subscriptions", { key: writeKey, body: { url: "http://127.0.0.1:9/hook", events: ["*"], secret: "hunter2" } });
    expect(badSecret.status).toBe(400);
    expect(badSecret.text).toContain("whsec_");

    const patched = await call("PATCH", `/webhooks/subscriptions/${body.id}`, { key: writeKey, body: { events: ["*"], is_active: false } });
    expect(patched.json).toMatchObject({ events: ["*"], is_active: false });
    expect((await call("DELETE", `/webhooks/subscriptions/${body.id}`, { key: writeKey })).status).toBe(204);
    expect((await call("GET", `/webhooks/subscriptions/${body.id}`, { key: readKey })).status).toBe(404);
  });

  it("rotate-secret returns a new secret once (GET never shows it); webhooks:read keys and other workspaces cannot", async () => {
    const created = (await call("POST", "/webhooks/subscriptions", { key: writeKey, body: { url: "http://127.0.0.1:9/rotate", events: ["*"] } })).json as { id: string; secret: string };
    const denied = await call("POST", `/webhooks/subscriptions/${created.id}/rotate-secret`, { key: readKey });
    expect(denied.status).toBe(403);
    expect(denied.text).toContain("webhooks:write");
    const other = await makeKey(t.db, { workspaceId: ws.otherWorkspaceId, adminId: ws.otherAdminId }, ["webhooks:read", "webhooks:write"], "other ws");
    expect((await call("POST", `/webhooks/subscriptions/${created.id}/rotate-secret`, { key: other })).status).toBe(404);
    const before = await t.db.webhookSubscription.findUniqueOrThrow({ where: { id: created.id } });

    const r = await call("POST", `/webhooks/subscriptions/${created.id}/rotate-secret`, { key: writeKey });
    expect(r.status, r.text).toBe(200);
    const secret = (r.json as { secret: string }).secret;
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(created.secret);
    expect(r.json).toMatchObject({ id: created.id, url: "http://127.0.0.1:9/rotate" });
    const after = await t.db.webhookSubscription.findUniqueOrThrow({ where: { id: created.id } });
    expect(after.secretEnc).not.toBe(before.secretEnc);
    const got = await call("GET", `/webhooks/subscriptions/${created.id}`, { key: readKey });
    expect(got.text).not.toContain(secret);
    expect(got.text).not.toContain('"secret"');
  });

  it("redeliver by delivery id: due again at once with the same event; 404 for unknown or foreign ids, 409 when disabled", async () => {
    const sub = (await call("POST", "/webhooks/subscriptions", { key: writeKey, body: { url: "http://127.0.0.1:9/again", events: ["*"] } })).json as { id: string };
    const eventId = "evt_redeliver_1";
    await t.db.platformEvent.create({ data: { id: eventId, workspaceId: ws.workspaceId, type: "run.failed", data: "{}", occurredAt: new Date(), fannedOutAt: new Date() } });
    const d = await t.db.webhookDelivery.create({
      data: { workspaceId: ws.workspaceId, subscriptionId: sub.id, eventId, eventType: "run.failed", status: "FAILED", attempts: 10, nextAttemptAt: null, lastStatusCode: 500 },
    });
    const path = `/webhooks/subscriptions/${sub.id}/deliveries/${d.id}/redeliver`;
    expect((await call("POST", path, { key: readKey })).status).toBe(403);
    const other = await makeKey(t.db, { workspaceId: ws.otherWorkspaceId, adminId: ws.otherAdminId }, ["webhooks:read", "webhooks:write"], "other ws 2");
    expect((await call("POST", path, { key: other })).status).toBe(404);
    expect((await call("POST", `/webhooks/subscriptions/${sub.id}/deliveries/nope/redeliver`, { key: writeKey })).status).toBe(404);

    const t0 = Date.now();
    const r = await call("POST", path, { key: writeKey });
    expect(r.status, r.text).toBe(202);
    expect((r.json as { delivery_id: string }).delivery_id).toBe(d.id);
    expect(Date.parse((r.json as { next_attempt_at: string }).next_attempt_at)).toBeGreaterThanOrEqual(t0 - 1000);
    const row = await t.db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(row).toMatchObject({ status: "PENDING", eventId, attempts: 10 });

    // A delivery of another subscription through this subscription's path: 404.
    const sub2 = (await call("POST", "/webhooks/subscriptions", { key: writeKey, body: { url: "http://127.0.0.1:9/two", events: ["*"] } })).json as { id: string };
    expect((await call("POST", `/webhooks/subscriptions/${sub2.id}/deliveries/${d.id}/redeliver`, { key: writeKey })).status).toBe(404);

    await call("PATCH", `/webhooks/subscriptions/${sub.id}`, { key: writeKey, body: { is_active: false } });
    const disabled = await call("POST", path, { key: writeKey });
    expect(disabled.status).toBe(409);
    expect(disabled.text).toContain("disabled");
  });

  it("GET /webhooks/events lists the catalog with a JSON Schema per payload", async () => {
    const r = await call("GET", "/webhooks/events", { key: readKey });
    expect(r.status).toBe(200);
    const types = (r.json as { data: Array<{ type: string; data_schema: { properties?: Record<string, unknown> } }> }).data;
    expect(types.map((x) => x.type)).toEqual([
      "run.completed", "run.failed", "run.skipped", "run.cancelled", "run.paused", "approval.requested", "approval.decided",
      "automation.published", "automation.enabled", "automation.disabled", "schedule.failed",
    ]);
    expect(Object.keys(types[0]!.data_schema.properties ?? {})).toContain("run_id");
  });
});
