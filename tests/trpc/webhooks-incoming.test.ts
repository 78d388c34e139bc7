import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { memberActor } from "@/server/auth/actor";
import { createConfiguredAutomation } from "@/server/services/automations/configure-automation";
import { enableAutomation } from "@/server/services/automations/enable-automation";
import { createRun } from "@/server/services/runs/create-run";
import { createIncomingWebhook } from "@/server/services/webhooks/create-incoming-webhook";
import { rotateIncomingSecret } from "@/server/services/webhooks/rotate-incoming-webhook";
import { engineEnv } from "../engine/helpers";
import { callers } from "./harness";

/** webhooks.listIncoming (Settings → Webhooks → Incoming): members and specialists alike, workspace-scoped, never a secret. */
let t: TestDb;
let ws: TestWorkspace;
beforeAll(async () => {
  engineEnv({ ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64") });
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "trpc-incoming");
});
afterAll(async () => t?.cleanup());

describe("webhooks.listIncoming", () => {
  it("lists webhook-triggered automations with URL, state and last request; specialists too; no secret; other workspaces see none", async () => {
    const admin = memberActor(ws.adminId, ws.workspaceId, "ADMIN");
    const c = await callers(t.db, ws);
    expect(await c.specialist.webhooks.listIncoming({})).toEqual([]);

    const a = await createConfiguredAutomation(admin, { name: "Hooked", trigger_type: "manual" }, t.db);
    await createConfiguredAutomation(admin, { name: "Not hooked", trigger_type: "manual" }, t.db);
    const hook = await createIncomingWebhook(admin, { automationId: a.id, authMode: "hmac" }, t.db);
    const { secret } = await rotateIncomingSecret(admin, { id: hook.id }, t.db);
    await enableAutomation(admin, { id: a.id }, t.db);
    await createRun({ workspaceId: ws.workspaceId, automationId: a.id, triggerType: "webhook", sourceId: hook.id, triggerData: {} }, t.db);

    for (const caller of [c.admin, c.specialist]) {
      const list = await caller.webhooks.listIncoming({ withLastRequest: true });
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ id: hook.id, url: hook.url, authMode: "hmac", active: true, pendingPublish: false, hasSecret: true, automation: { id: a.id, name: "Hooked", status: "ACTIVE" } });
      expect(list[0]!.lastRequestAt).toBeInstanceOf(Date);
      const text = JSON.stringify(list);
      expect(text).not.toContain(secret.slice(6));
      expect(text).not.toContain("secretEnc");
      expect(text).not.toContain("token");
    }
    expect((await c.admin.webhooks.listIncoming({}))[0]!.lastRequestAt).toBeUndefined();
    expect(await c.otherAdmin.webhooks.listIncoming({})).toEqual([]);
  });
});
