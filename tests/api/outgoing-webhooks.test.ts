import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { engineEnv, startServer, type TestServer } from "../engine/helpers";
import { apiClient, makeKey, type Call } from "./harness";

/** REST v1 outgoing webhooks: scopes, the secret shown once (create, rotate), specific 400s, test event to a real receiver, logs. */
let t: TestDb;
let ws: TestWorkspace;
let call: Call;
let readKey: string;
let writeKey: string;
let otherKey: string;
let receiver: TestServer;
let answer = 200;

beforeAll(async () => {
  engineEnv();
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "rest-outgoing");
  call = apiClient(t.db);
  readKey = await makeKey(t.db, ws, ["webhooks:read"], "webhooks read");
  writeKey = await makeKey(t.db, ws, ["webhooks:read", "webhooks:write"], "webhooks write");
  otherKey = await makeKey(t.db, { workspaceId: ws.otherWorkspaceId, adminId: ws.otherAdminId }, ["webhooks:read", "webhooks:write"], "other");
  receiver = await startServer((_req, res) => {
    res.writeHead(answer, { "content-type": "text/plain" });
    res.end(answer === 200 ? "received" : "broken");
  });
});
afterAll(async () => {
  await receiver?.close();
  await t?.cleanup();
});

type Endpoint = { id: string; name: string; secret?: string; headers: unknown[]; last_delivery?: unknown; is_active: boolean };
const errorOf = (json: unknown) => (json as { error: { code: string; message: string; details: { issues?: Array<{ field: string }> } } }).error;

describe("REST /webhooks/outgoing", () => {
  it("a webhooks:read key lists and reads but cannot create (403 naming webhooks:write)", async () => {
    expect((await call("GET", "/webhooks/outgoing", { key: readKey })).json).toEqual({ data: [], next_cursor: null });
    const denied = await call("POST", "/webhooks/outgoing", { key: readKey, body: { name: "x", url: `${receiver.url}/h` } });
    expect(denied.status).toBe(403);
    expect(errorOf(denied.json).message).toContain("webhooks:write");
    expect(await t.db.outgoingWebhook.count()).toBe(0);
  });

  it("create → secret once; get/list/patch never show it; test event signed and logged; rotate; delete", async () => {
    const created = await call("POST", "/webhooks/outgoing", {
      key: writeKey,
      body: { name: "Billing", url: `${receiver.url}/hook`, headers: [{ name: "X-Team", value: "ops" }], description: "billing system" },
    });
    expect(created.status, created.text).toBe(201);
    const ep = created.json as Endpoint;
    expect(ep.secret).toMatch(/^whsec_/);
    expect(ep).toMatchObject({ name: "Billing", headers: [{ name: "X-Team", value: "ops" }], is_active: true, timeout_ms: 10000 });
    const got = await call("GET", `/webhooks/outgoing/${ep.id}`, { key: readKey });
    expect(got.status).toBe(200);
    expect(got.text).not.toContain(ep.secret!);
    expect((got.json as Endpoint).last_delivery).toBeNull();
    expect((await call("GET", "/webhooks/outgoing", { key: readKey })).text).not.toContain(ep.secret!);

    const dup = await call("POST", "/webhooks/outgoing", { key: writeKey, body: { name: "Billing", url: `${receiver.url}/other` } });
    expect(dup.status).toBe(409);
    expect(errorOf(dup.json).details.issues?.[0]?.field).toBe("name");

    const test = await call("POST", `/webhooks/outgoing/${ep.id}/test`, { key: writeKey });
    expect(test.status, test.text).toBe(200);
    expect(test.json).toMatchObject({ ok: true, status_code: 200, response_excerpt: "received", error: null });
    const req = receiver.requests[receiver.requests.length - 1]!;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const payload = new Webhook(ep.secret!).verify(req.body, headers) as { type: string; workspace_id: string };
    expect(payload).toMatchObject({ type: "webhook.test", workspace_id: ws.workspaceId });
    expect(headers["x-team"]).toBe("ops");
    expect(headers["webhook-id"]).toBe((test.json as { message_id: string }).message_id);

    answer = 503;
    const failing = await call("POST", `/webhooks/outgoing/${ep.id}/test`, { key: writeKey });
    answer = 200;
    expect(failing.json).toMatchObject({ ok: false, status_code: 503, response_excerpt: "broken" });

    const logs = await call("GET", `/webhooks/outgoing/${ep.id}/logs`, { key: readKey });
    const rows = (logs.json as { data: Array<{ status_code: number; source: string; ok: boolean }> }).data;
    expect(rows.map((r) => [r.status_code, r.source, r.ok])).toEqual([[503, "test", false], [200, "test", true]]);
    const onlyFailed = await call("GET", `/webhooks/outgoing/${ep.id}/logs?status=failed`, { key: readKey });
    expect((onlyFailed.json as { data: unknown[] }).data).toHaveLength(1);
    const page1 = await call("GET", `/webhooks/outgoing/${ep.id}/logs?limit=1`, { key: readKey });
    const next = (page1.json as { next_cursor: string }).next_cursor;
    expect(next).toBeTruthy();
    const page2 = await call("GET", `/webhooks/outgoing/${ep.id}/logs?limit=1&cursor=${next}`, { key: readKey });
    expect(page2.json).toMatchObject({ data: [{ status_code: 200 }], next_cursor: null });
    const badCursor = await call("GET", `/webhooks/outgoing/${ep.id}/logs?cursor=not-a-cursor`, { key: readKey });
    expect(badCursor.status).toBe(400);
    expect(badCursor.json).toMatchObject({ error: { details: { issues: [{ field: "cursor", message: "not a valid cursor" }] } } });
    expect((await call("GET", `/webhooks/outgoing/${ep.id}/logs?status=weird`, { key: readKey })).status).toBe(400);
    expect((await call("GET", "/webhooks/outgoing", { key: readKey })).json).toMatchObject({ data: [{ id: ep.id, last_delivery: { status_code: 503, ok: false } }] });

    const rotated = await call("POST", `/webhooks/outgoing/${ep.id}/rotate-secret`, { key: writeKey });
    expect(rotated.status).toBe(200);
    const newSecret = (rotated.json as Endpoint).secret!;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(ep.secret);

    const patched = await call("PATCH", `/webhooks/outgoing/${ep.id}`, { key: writeKey, body: { is_active: false, headers: [], timeout_ms: 2000 } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json).toMatchObject({ is_active: false, headers: [], timeout_ms: 2000 });
    expect(patched.text).not.toContain(newSecret);

    // another workspace's key: 404 everywhere
    expect((await call("GET", `/webhooks/outgoing/${ep.id}`, { key: otherKey })).status).toBe(404);
    expect((await call("POST", `/webhooks/outgoing/${ep.id}/test`, { key: otherKey })).status).toBe(404);
    expect((await call("GET", `/webhooks/outgoing/${ep.id}/logs`, { key: otherKey })).status).toBe(404);

    expect((await call("DELETE", `/webhooks/outgoing/${ep.id}`, { key: writeKey })).status).toBe(204);
    expect((await call("GET", `/webhooks/outgoing/${ep.id}`, { key: readKey })).status).toBe(404);
    expect(await t.db.outgoingWebhookAttempt.count({ where: { webhookId: ep.id } })).toBe(0);
  });

  it("bad input answers a specific 400 with the field: private URL, reserved header, unknown connection", async () => {
    const privateUrl = await call("POST", "/webhooks/outgoing", { key: writeKey, body: { name: "p", url: "http://10.0.0.5/hook" } });
    expect(privateUrl.status).toBe(400);
    expect(errorOf(privateUrl.json).message).toMatch(/private network address/);
    expect(errorOf(privateUrl.json).details.issues?.[0]?.field).toBe("url");
    const reserved = await call("POST", "/webhooks/outgoing", { key: writeKey, body: { name: "r", url: `${receiver.url}/h`, headers: [{ name: "Webhook-Signature", value: "x" }] } });
    expect(reserved.status).toBe(400);
    expect(reserved.text).toContain("set by Switchyard itself");
    const conn = await call("POST", "/webhooks/outgoing", { key: writeKey, body: { name: "c", url: `${receiver.url}/h`, headers: [{ name: "Authorization", connection_id: "nope", field: "token" }] } });
    expect(conn.status).toBe(400);
    expect(errorOf(conn.json).details.issues?.[0]?.field).toBe("headers.0.connectionId");
    const noName = await call("POST", "/webhooks/outgoing", { key: writeKey, body: { url: `${receiver.url}/h` } });
    expect(noName.status).toBe(400);
    expect(noName.text).toContain("name");
    expect(await t.db.outgoingWebhook.count()).toBe(0);
  });
});
