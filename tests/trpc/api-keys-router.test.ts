import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { authenticateApiKey } from "@/server/auth/api-keys";
import { callers, expectTrpcError } from "./harness";

let t: TestDb;
let ws: TestWorkspace;
let c: Awaited<ReturnType<typeof callers>>;

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "apikeys");
  c = await callers(t.db, ws);
});
afterAll(async () => {
  await t.cleanup();
});

describe("apiKeys router (Settings → API keys)", () => {
  it("admins create a key shown once, list it without the secret, and revoke it (401 afterwards)", async () => {
    const created = await c.admin.apiKeys.create({ name: "CI deploys", scopes: ["automations:read", "events:write", "automations:read"] });
    expect(created.key).toMatch(/^sy_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{32}$/);
    expect(created.apiKey).toMatchObject({ name: "CI deploys", scopes: ["automations:read", "events:write"], state: "active", createdById: ws.adminId });
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);

    const listed = await c.admin.apiKeys.list();
    expect(listed.map((k) => k.id)).toEqual([created.apiKey.id]);
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(JSON.stringify(listed)).not.toContain("keyHash");

    const ok = await authenticateApiKey(t.db, `Bearer ${created.key}`);
    expect(ok.ok).toBe(true);

    const revoked = await c.admin.apiKeys.revoke({ id: created.apiKey.id });
    expect(revoked.state).toBe("revoked");
    expect(await authenticateApiKey(t.db, `Bearer ${created.key}`)).toEqual({ ok: false, reason: "revoked" });
    // Idempotent.
    expect((await c.admin.apiKeys.revoke({ id: created.apiKey.id })).state).toBe("revoked");
  });

  it("validates name, scopes and a future expiry", async () => {
    await expectTrpcError(c.admin.apiKeys.create({ name: "", scopes: ["automations:read"] }), "BAD_REQUEST", "empty name");
    await expectTrpcError(c.admin.apiKeys.create({ name: "x", scopes: [] }), "BAD_REQUEST", "no scopes");
    await expectTrpcError(c.admin.apiKeys.create({ name: "x", scopes: ["root" as never] }), "BAD_REQUEST", "unknown scope");
    await expectTrpcError(c.admin.apiKeys.create({ name: "x", scopes: ["automations:read"], expiresAt: new Date(Date.now() - 1000) }), "BAD_REQUEST", "past expiry");
    const future = new Date(Date.now() + 86_400_000);
    const withExpiry = await c.admin.apiKeys.create({ name: "Expiring", scopes: ["automations:read"], expiresAt: future });
    expect(withExpiry.apiKey.expiresAt?.getTime()).toBe(future.getTime());
  });

  it("specialists and signed-out callers cannot list, create or revoke; nothing is written", async () => {
    const before = await t.db.apiKey.count();
    const existing = (await c.admin.apiKeys.list())[0];
    await expectTrpcError(c.specialist.apiKeys.list(), "FORBIDDEN", "specialist list");
    await expectTrpcError(c.specialist.apiKeys.create({ name: "sneaky", scopes: ["automations:write"] }), "FORBIDDEN", "specialist create");
    await expectTrpcError(c.specialist.apiKeys.revoke({ id: existing.id }), "FORBIDDEN", "specialist revoke");
    await expectTrpcError(c.anonymous.apiKeys.list(), "UNAUTHORIZED", "anonymous list");
    await expectTrpcError(c.anonymous.apiKeys.create({ name: "x", scopes: ["automations:read"] }), "UNAUTHORIZED", "anonymous create");
    expect(await t.db.apiKey.count()).toBe(before);
  });

  it("keeps workspaces apart: another workspace's admin neither sees nor revokes the keys", async () => {
    const mine = await c.admin.apiKeys.create({ name: "Mine", scopes: ["automations:read"] });
    expect((await c.otherAdmin.apiKeys.list()).map((k) => k.id)).not.toContain(mine.apiKey.id);
    await expectTrpcError(c.otherAdmin.apiKeys.revoke({ id: mine.apiKey.id }), "NOT_FOUND", "other workspace revoke by id");
    await expectTrpcError(c.otherAdmin.apiKeys.revoke({ id: mine.apiKey.prefix }), "NOT_FOUND", "other workspace revoke by prefix");
    expect((await authenticateApiKey(t.db, `Bearer ${mine.key}`)).ok).toBe(true);
  });
});
