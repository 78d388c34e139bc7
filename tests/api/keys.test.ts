import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { memberActor } from "@/server/auth/actor";
import { hashApiKey } from "@/server/auth/api-keys";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { listApiKeys } from "@/server/services/api-keys/list-api-keys";
import { revokeApiKey } from "@/server/services/api-keys/revoke-api-key";
import { AppError } from "@/server/services/errors";
import { apiClient, makeKey } from "./harness";

let t: TestDb;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "apikeys");
});
afterAll(async () => {
  await t?.cleanup();
});

const admin = () => memberActor(ws.adminId, ws.workspaceId, "ADMIN");

describe("API keys", () => {
  it("are shown once, stored hashed with a visible prefix, listed without the secret, revocable", async () => {
    const created = await createApiKey(admin(), { name: "CI", scopes: ["automations:read"] }, t.db);
    expect(created.key).toMatch(/^sy_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{32}$/);
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);
    const row = await t.db.apiKey.findUniqueOrThrow({ where: { id: created.apiKey.id } });
    expect(row.keyHash).toBe(hashApiKey(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key);
    const listed = await listApiKeys(admin(), t.db);
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(12));
    const call = apiClient(t.db);
    expect((await call("GET", "/automations", { key: created.key })).status).toBe(200);
    await revokeApiKey(admin(), { id: created.apiKey.prefix }, t.db);
    const revoked = await call("GET", "/automations", { key: created.key });
    expect(revoked.status).toBe(401);
    expect(revoked.json).toMatchObject({ error: { code: "unauthorized", message: "This API key was revoked" } });
  });

  it("specialists cannot create keys; expired keys answer 401; a missing scope answers 403 naming it", async () => {
    await expect(createApiKey(memberActor(ws.specialistId, ws.workspaceId, "SPECIALIST"), { name: "x", scopes: ["automations:read"] }, t.db)).rejects.toBeInstanceOf(AppError);
    await expect(createApiKey(admin(), { name: "x", scopes: ["nope" as "automations:read"] }, t.db)).rejects.toThrow(/scope/);
    const call = apiClient(t.db);
    const expiring = await createApiKey(admin(), { name: "soon", scopes: ["automations:read"], expiresAt: new Date(Date.now() + 60_000) }, t.db);
    await t.db.apiKey.update({ where: { id: expiring.apiKey.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    const expired = await call("GET", "/automations", { key: expiring.key });
    expect(expired.status).toBe(401);
    const readOnly = await makeKey(t.db, ws, ["automations:read"]);
    const denied = await call("POST", "/events", { key: readOnly, body: { event_type: "contact_created" } });
    expect(denied.status).toBe(403);
    expect(denied.json).toMatchObject({ error: { code: "forbidden", details: { required_scope: "events:write" } } });
    expect((denied.json as { error: { message: string } }).error.message).toContain("events:write");
  });
});

describe("Idempotency-Key and rate limit", () => {
  it("same key + same body replays the answer; another body answers 422", async () => {
    const key = await makeKey(t.db, ws);
    const call = apiClient(t.db);
    const headers = { "idempotency-key": "create-1" };
    const first = await call("POST", "/automations", { key, headers, body: { name: "Once", trigger_type: "manual" } });
    expect(first.status).toBe(201);
    const again = await call("POST", "/automations", { key, headers, body: { trigger_type: "manual", name: "Once" } });
    expect(again.status).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json).toEqual(first.json);
    expect(await t.db.automation.count({ where: { workspaceId: ws.workspaceId, name: "Once" } })).toBe(1);
    const other = await call("POST", "/automations", { key, headers, body: { name: "Twice", trigger_type: "manual" } });
    expect(other.status).toBe(422);
    expect(other.json).toMatchObject({ error: { code: "idempotency_key_reused" } });
    expect(await t.db.automation.count({ where: { workspaceId: ws.workspaceId, name: "Twice" } })).toBe(0);
  });

  it("over the per-key limit: 429 with Retry-After and the envelope; other keys unaffected", async () => {
    const call = apiClient(t.db, { ratePerMinute: 3 });
    const key = await makeKey(t.db, ws, ["automations:read"]);
    const other = await makeKey(t.db, ws, ["automations:read"]);
    for (let i = 0; i < 3; i++) expect((await call("GET", "/automations", { key })).status).toBe(200);
    const limited = await call("GET", "/automations", { key });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(limited.json).toMatchObject({ error: { code: "rate_limited" } });
    expect((await call("GET", "/automations", { key: other })).status).toBe(200);
  });

  it("X-Request-Id is echoed when sane and generated otherwise; unknown paths and methods answer the envelope", async () => {
    const call = apiClient(t.db);
    const key = await makeKey(t.db, ws, ["automations:read"]);
    const r = await call("GET", "/automations", { key, headers: { "x-request-id": "client-req-123" } });
    expect(r.headers["x-request-id"]).toBe("client-req-123");
    const nf = await call("GET", "/nope", { key });
    expect(nf.status).toBe(404);
    expect(nf.json).toMatchObject({ error: { code: "not_found" } });
    const na = await call("PUT", "/automations", { key });
    expect(na.status).toBe(405);
    expect(na.headers.allow).toContain("GET");
  });
});
