import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { READ_SCOPES } from "@/components/api-keys/scopes";
import { parseStoredGraph } from "@/server/services/automations/serialize";
import { findTrigger } from "@/lib/graph/traverse";
import { waitForStatus } from "../engine/helpers";
import { post, setupHookTest, type HookTest } from "../triggers/webhook-harness";
import { apiClient, makeKey, type Call } from "./harness";

/**
 * REST v1 /webhooks/incoming (seed 003): the webhook triggers of automations as
 * a resource. A real engine and the real node:http ingress: the listed URL,
 * once the automation is enabled, starts a run. Secrets only in rotate answers;
 * the "Read only" preset key reads but cannot write; another workspace → 404.
 */
let t: HookTest;
let call: Call;
let full: string;
let hooksKey: string;
let readOnly: string;
let other: string;

type Incoming = {
  id: string;
  url: string;
  methods: string[];
  auth_mode: string;
  header_name: string | null;
  response_mode: string;
  rate_limit: number;
  active: boolean;
  pending_publish: boolean;
  secret_set: boolean;
  secret_set_at: string | null;
  rotated_at: string | null;
  automation: { id: string; name: string; status: string };
};

beforeAll(async () => {
  t = await setupHookTest();
  call = apiClient(t.db);
  full = await makeKey(t.db, t.ws, undefined, "everything");
  hooksKey = await makeKey(t.db, t.ws, ["webhooks:read", "webhooks:write"], "webhooks only");
  readOnly = await makeKey(t.db, t.ws, READ_SCOPES, "read only preset");
  other = await makeKey(t.db, { workspaceId: t.ws.otherWorkspaceId, adminId: t.ws.otherAdminId }, undefined, "other workspace");
}, 60_000);
afterAll(async () => t?.cleanup());

async function newAutomation(name: string): Promise<string> {
  const r = await call("POST", "/automations", { key: full, body: { name, trigger_type: "manual" } });
  expect(r.status, r.text).toBe(201);
  return (r.json as { id: string }).id;
}

const local = (url: string) => t.base + new URL(url).pathname;

async function draftTrigger(automationId: string) {
  const row = await t.db.automation.findUniqueOrThrow({ where: { id: automationId } });
  return findTrigger(parseStoredGraph(row.draftGraph));
}

describe("REST /webhooks/incoming", () => {
  it("create → rotate secret → enable: the listed URL starts a run; secrets never appear in GET answers", async () => {
    const automationId = await newAutomation("Orders in");
    expect((await call("GET", "/webhooks/incoming", { key: readOnly })).json).toEqual({ data: [], next_cursor: null });

    const created = await call("POST", "/webhooks/incoming", { key: hooksKey, body: { automation_id: automationId, auth_mode: "hmac", methods: ["POST", "PUT"] } });
    expect(created.status, created.text).toBe(201);
    const hook = created.json as Incoming;
    expect(hook).toMatchObject({
      auth_mode: "hmac",
      methods: ["POST", "PUT"],
      response_mode: "immediate",
      active: false,
      pending_publish: true,
      secret_set: false,
      automation: { id: automationId, name: "Orders in", status: "draft" },
    });
    expect(hook.url).toMatch(/\/api\/hooks\/[A-Za-z0-9_-]{43}$/);
    // The draft's trigger node is the webhook (what the canvas shows), edges kept.
    const node = await draftTrigger(automationId);
    expect(node?.type).toBe("webhook");
    expect(node?.config).toMatchObject({ authMode: "hmac", methods: ["POST", "PUT"] });
    const auto = await call("GET", `/automations/${automationId}`, { key: full });
    expect((auto.json as { trigger_type: string }).trigger_type).toBe("webhook");

    // A second create for the same automation: 409 naming the existing one.
    const again = await call("POST", "/webhooks/incoming", { key: hooksKey, body: { automation_id: automationId } });
    expect(again.status).toBe(409);
    expect(again.text).toContain(hook.id);

    // Not published yet: the URL answers 404.
    expect((await post(local(hook.url), "{}")).status).toBe(404);

    const rotated = await call("POST", `/webhooks/incoming/${hook.id}/rotate-secret`, { key: hooksKey });
    expect(rotated.status, rotated.text).toBe(200);
    const secret = (rotated.json as { secret: string }).secret;
    expect(secret).toMatch(/^whsec_/);
    expect(rotated.json).toMatchObject({ id: hook.id, secret_set: true });

    const enabled = await call("POST", `/automations/${automationId}/enable`, { key: full });
    expect(enabled.status, enabled.text).toBe(200);

    const got = await call("GET", `/webhooks/incoming/${hook.id}`, { key: readOnly });
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ id: hook.id, url: hook.url, active: true, pending_publish: false, secret_set: true, automation: { status: "active" } });
    expect((got.json as Incoming).secret_set_at).not.toBeNull();
    const list = await call("GET", "/webhooks/incoming", { key: readOnly });
    expect((list.json as { data: Incoming[] }).data.map((w) => w.id)).toEqual([hook.id]);
    for (const text of [got.text, list.text]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(6));
      expect(text).not.toContain('"secret"');
    }

    // A real signed call to the listed URL starts a run of this automation.
    const payload = JSON.stringify({ order: 7 });
    const headers = new Webhook(secret).sign("msg_incoming_1", new Date(), payload);
    const res = await post(local((list.json as { data: Incoming[] }).data[0]!.url), payload, {
      "webhook-id": "msg_incoming_1",
      "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
      "webhook-signature": headers,
    });
    expect(res.status, res.text).toBe(202);
    const run = await waitForStatus(t.db, res.json.run_id as string, ["COMPLETED"]);
    expect(run.automationId).toBe(automationId);
    expect(run.sourceId).toBe(hook.id);
    // Unsigned: 401.
    expect((await post(local(hook.url), payload)).status).toBe(401);
  });

  it("PATCH edits the draft trigger (pending until published); bad options answer a specific 400; rotate-url retires the old URL", async () => {
    const automationId = await newAutomation("Patch me");
    const hook = (await call("POST", "/webhooks/incoming", { key: hooksKey, body: { automation_id: automationId } })).json as Incoming;
    expect(hook.auth_mode).toBe("none");
    await call("POST", `/automations/${automationId}/enable`, { key: full });
    expect((await post(local(hook.url), "{}")).status).toBe(202);

    const patched = await call("PATCH", `/webhooks/incoming/${hook.id}`, { key: hooksKey, body: { rate_limit: 5, auth_mode: "header", header_name: "X-Token" } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json).toMatchObject({ rate_limit: 5, auth_mode: "header", header_name: "x-token", pending_publish: true, active: true });
    expect((await draftTrigger(automationId))?.config).toMatchObject({ rateLimit: 5, authMode: "header", headerName: "X-Token" });
    // Still the published options until the next publish: no header needed yet.
    expect((await post(local(hook.url), "{}")).status).toBe(202);

    const bad = await call("PATCH", `/webhooks/incoming/${hook.id}`, { key: hooksKey, body: { wait_timeout_ms: 5 } });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("wait_timeout_ms");
    expect(bad.text).toContain("at least 100 ms");
    const badMethod = await call("PATCH", `/webhooks/incoming/${hook.id}`, { key: hooksKey, body: { methods: ["BREW"] } });
    expect(badMethod.status).toBe(400);

    await call("POST", `/automations/${automationId}/publish`, { key: full, body: {} });
    const live = (await call("GET", `/webhooks/incoming/${hook.id}`, { key: hooksKey })).json as Incoming;
    expect(live).toMatchObject({ pending_publish: false, auth_mode: "header", rate_limit: 5 });
    expect((await post(local(hook.url), "{}")).status).toBe(401);

    const moved = await call("POST", `/webhooks/incoming/${hook.id}/rotate-url`, { key: hooksKey });
    expect(moved.status, moved.text).toBe(200);
    const next = moved.json as Incoming;
    expect(next.id).toBe(hook.id);
    expect(next.url).not.toBe(hook.url);
    expect(next.rotated_at).not.toBeNull();
    expect((await post(local(hook.url), "{}")).status).toBe(404);

    // auth_mode none: rotate-secret needs a kind
    const plain = await newAutomation("No auth");
    const plainHook = (await call("POST", "/webhooks/incoming", { key: hooksKey, body: { automation_id: plain } })).json as Incoming;
    const noKind = await call("POST", `/webhooks/incoming/${plainHook.id}/rotate-secret`, { key: hooksKey });
    expect(noKind.status).toBe(400);
    expect(noKind.text).toContain("kind");
  });

  it("DELETE: a draft-only webhook goes (trigger back to manual, URL gone); a published one answers 409", async () => {
    const draftOnly = await newAutomation("Draft only");
    const hook = (await call("POST", "/webhooks/incoming", { key: hooksKey, body: { automation_id: draftOnly } })).json as Incoming;
    const del = await call("DELETE", `/webhooks/incoming/${hook.id}`, { key: hooksKey });
    expect(del.status, del.text).toBe(204);
    expect((await draftTrigger(draftOnly))?.type).toBe("manual");
    expect(await t.db.webhookEndpoint.count({ where: { id: hook.id } })).toBe(0);
    expect((await call("GET", `/webhooks/incoming/${hook.id}`, { key: hooksKey })).status).toBe(404);
    // …and it can be created again, with a new URL.
    const again = await call("POST", "/webhooks/incoming", { key: hooksKey, body: { automation_id: draftOnly } });
    expect(again.status).toBe(201);
    expect((again.json as Incoming).url).not.toBe(hook.url);

    const published = await newAutomation("Published");
    const live = (await call("POST", "/webhooks/incoming", { key: hooksKey, body: { automation_id: published } })).json as Incoming;
    await call("POST", `/automations/${published}/enable`, { key: full });
    const refused = await call("DELETE", `/webhooks/incoming/${live.id}`, { key: hooksKey });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain("publish");
    expect((await post(local(live.url), "{}")).status).toBe(202);

    // Another trigger published: the URL stops and the webhook leaves the list.
    await call("PATCH", `/automations/${published}`, { key: full, body: { trigger_type: "manual" } });
    expect(((await call("GET", `/webhooks/incoming/${live.id}`, { key: hooksKey })).json as Incoming).pending_publish).toBe(true);
    await call("POST", `/automations/${published}/publish`, { key: full, body: {} });
    expect((await post(local(live.url), "{}")).status).toBe(404);
    expect((await call("GET", `/webhooks/incoming/${live.id}`, { key: hooksKey })).status).toBe(404);
  });

  it("the Read only preset key reads but every write answers 403 naming webhooks:write; nothing changes", async () => {
    const automationId = await newAutomation("Guarded");
    const hook = (await call("POST", "/webhooks/incoming", { key: hooksKey, body: { automation_id: automationId, auth_mode: "header" } })).json as Incoming;
    const before = await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } });
    const draftBefore = (await t.db.automation.findUniqueOrThrow({ where: { id: automationId } })).draftGraph;
    expect((await call("GET", "/webhooks/incoming", { key: readOnly })).status).toBe(200);
    const writes: Array<[string, string, unknown]> = [
      ["POST", "/webhooks/incoming", { automation_id: await newAutomation("Other") }],
      ["PATCH", `/webhooks/incoming/${hook.id}`, { rate_limit: 1 }],
      ["DELETE", `/webhooks/incoming/${hook.id}`, undefined],
      ["POST", `/webhooks/incoming/${hook.id}/rotate-secret`, {}],
      ["POST", `/webhooks/incoming/${hook.id}/rotate-url`, undefined],
    ];
    for (const [method, path, body] of writes) {
      const r = await call(method, path, { key: readOnly, body });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.text).toContain("webhooks:write");
    }
    expect(await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } })).toEqual(before);
    expect((await t.db.automation.findUniqueOrThrow({ where: { id: automationId } })).draftGraph).toBe(draftBefore);
    // A webhooks-only key cannot read automations, and an automations key cannot manage webhooks.
    expect((await call("GET", "/webhooks/incoming", { key: await makeKey(t.db, t.ws, ["automations:read"], "no hooks") })).status).toBe(403);
  });

  it("workspace scoping: another workspace's key gets 404 for this workspace's ids and an empty list", async () => {
    const automationId = await newAutomation("Mine");
    const hook = (await call("POST", "/webhooks/incoming", { key: hooksKey, body: { automation_id: automationId } })).json as Incoming;
    expect((await call("GET", "/webhooks/incoming", { key: other })).json).toEqual({ data: [], next_cursor: null });
    for (const [method, path, body] of [
      ["GET", `/webhooks/incoming/${hook.id}`, undefined],
      ["PATCH", `/webhooks/incoming/${hook.id}`, { rate_limit: 1 }],
      ["DELETE", `/webhooks/incoming/${hook.id}`, undefined],
      ["POST", `/webhooks/incoming/${hook.id}/rotate-secret`, { kind: "header" }],
      ["POST", `/webhooks/incoming/${hook.id}/rotate-url`, undefined],
    ] as const) {
      const r = await call(method, path, { key: other, body });
      expect(r.status, `${method} ${path}: ${r.text}`).toBe(404);
    }
    expect((await call("POST", "/webhooks/incoming", { key: other, body: { automation_id: automationId } })).status).toBe(404);
    expect(await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } })).toMatchObject({ secretEnc: null, rotatedAt: null });
  });

  it("lists with cursor paging, newest first", async () => {
    const all = (await call("GET", "/webhooks/incoming?limit=100", { key: hooksKey })).json as { data: Incoming[] };
    expect(all.data.length).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await call("GET", `/webhooks/incoming?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { key: hooksKey })).json as { data: Incoming[]; next_cursor: string | null };
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((w) => w.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all.data.map((w) => w.id));
    expect((await call("GET", "/webhooks/incoming?limit=0", { key: hooksKey })).status).toBe(400);
  });

  it("is in the OpenAPI document with the webhooks scopes", async () => {
    const doc = (await call("GET", "/openapi.json")).json as { paths: Record<string, Record<string, { "x-required-scope": string; description?: string }>> };
    expect(doc.paths["/webhooks/incoming"]!.get!["x-required-scope"]).toBe("webhooks:read");
    expect(doc.paths["/webhooks/incoming"]!.post!["x-required-scope"]).toBe("webhooks:write");
    expect(doc.paths["/webhooks/incoming"]!.post!.description).toContain("draft");
    for (const m of ["get", "patch", "delete"]) expect(doc.paths["/webhooks/incoming/{webhook_id}"]![m]).toBeDefined();
    expect(doc.paths["/webhooks/incoming/{webhook_id}/rotate-secret"]!.post!["x-required-scope"]).toBe("webhooks:write");
    expect(doc.paths["/webhooks/incoming/{webhook_id}/rotate-url"]!.post).toBeDefined();
  });
});
