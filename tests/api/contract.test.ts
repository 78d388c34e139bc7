import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Ajv from "ajv";
import { chain, createAutomation, engineEnv, http, setupEngineTest, trigger, waitForStatus, type EngineTest } from "../engine/helpers";
import { approvalGraph, tokenFor } from "../approvals/helpers";
import { createRun } from "@/server/services/runs/create-run";
import { openApiDocument } from "@/server/api/openapi";
import { apiClient, makeKeys, type ApiResult, type Call, type Keys } from "./harness";

/**
 * Contract tests that walk every operation of the OpenAPI document: valid
 * calls answer what the document declares (validated with ajv against the
 * declared schemas), every write with a read-only key is refused (403, no
 * change), another workspace's ids answer 404, and bad input answers 4xx with
 * the envelope, never 500. Operations with `security: []` (the public approval
 * callbacks) take no key: no 401/403 walks; an unknown token answers 404 with
 * the envelope, and their bodies go through the same bad-input walk.
 */
type Json = Record<string, unknown>;
interface Op {
  method: string;
  path: string;
  operationId: string;
  op: Json & { parameters: Array<{ name: string; in: string }>; requestBody?: Json; responses: Record<string, Json> };
}

const doc = openApiDocument() as Json & { paths: Record<string, Record<string, Op["op"]>>; components: Json };
const OPS: Op[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, operationId: String(op.operationId), op })),
);
/** OpenAPI 3.1: an empty security list means no credential at all. */
const isPublic = (o: Op) => Array.isArray(o.op.security) && o.op.security.length === 0;
const KEYED = OPS.filter((o) => !isPublic(o));
const PUBLIC = OPS.filter(isPublic);

const ajv = new Ajv({ unknownFormats: "ignore", validateSchema: false, allErrors: true });
ajv.addSchema(doc, "openapi");
const ptr = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
function validate(o: Op, status: number, body: unknown): string | null {
  const declared = o.op.responses[String(status)];
  if (!declared) return `status ${status} is not declared for ${o.operationId}`;
  const content = "$ref" in declared ? { schema: { $ref: "#/components/schemas/Error" } } : (declared.content as Json | undefined)?.["application/json"];
  if (!content) return body === null ? null : `${o.operationId} ${status}: body where none is declared`;
  const ref = "$ref" in declared ? "openapi#/components/schemas/Error" : `openapi#/paths/${ptr(o.path)}/${o.method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
  const fn = ajv.getSchema(ref);
  if (!fn) return `no schema at ${ref}`;
  return fn(body) ? null : `${o.operationId} ${status}: ${ajv.errorsText(fn.errors)}`;
}

let t: EngineTest;
let call: Call;
let keys: Keys;
const ids: Record<string, string> = {};

const SAMPLE_BODIES: Record<string, unknown> = {
  createAutomation: { name: "Contract", trigger_type: "manual" },
  updateAutomation: { description: "changed" },
  publishAutomation: { note: "contract" },
  createAction: { action_type: "set_variables", sequence: 1, config: { variables: [{ key: "a", value: "1" }] } },
  reorderActions: { action_ids: [] },
  updateAction: { name: "Renamed" },
  triggerAutomation: { trigger_data: { x: 1 } },
  emitEvent: { event_type: "contact_created", data: { contact: { id: "c1" } } },
  approveApproval: { comment: "contract" },
  rejectApproval: { comment: "contract" },
  resumeRun: { decision: "approve" },
  rerunRun: { version: "ran" },
  createTrigger: { source_id: "src_2" },
  updateTrigger: { value: "src_3" },
  executeAction: { trigger_data: { x: 1 } },
  simulateAutomation: { trigger_data: { x: 1 } },
  createEventSchedule: { name: "Contract schedule", automation_id: "set in beforeAll", cron_expression: "0 9 * * *", timezone: "UTC" },
  updateEventSchedule: { name: "Renamed schedule" },
  previewCron: { cron_expression: "0 9 * * 1-5", timezone: "UTC", count: 3 },
  bulkEnroll: { items: [{ data: { contact: { id: "ct_1" } } }] },
  createConnection: { name: "Contract bearer", type: "http_bearer", values: { token: "contract-secret-token" } },
  updateConnection: { description: "changed" },
  switchDraftConnection: { from_connection_id: "set in beforeAll", to_connection_id: "set in beforeAll" },
  decideCallback: { decision: "approve", comment: "contract" },
  createWebhookSubscription: { url: "http://127.0.0.1:9/hook", events: ["run.completed"], description: "contract" },
  updateWebhookSubscription: { description: "changed" },
  createIncomingWebhook: { automation_id: "set in beforeAll", auth_mode: "header" },
  updateIncomingWebhook: { rate_limit: 100 },
  rotateIncomingWebhookSecret: { kind: "hmac" },
  createOutgoingWebhook: { name: "Contract endpoint", url: "http://127.0.0.1:9/outgoing", headers: [{ name: "X-Team", value: "ops" }] },
  updateOutgoingWebhook: { description: "changed" },
};
/** Scopes of the read-only key: POSTs that need only these (simulate, preview-cron) change nothing and answer 200 with it. */
const READ_SCOPES = ["automations:read", "schedules:read", "connections:read"];

/** A run paused at an approval step; its run id and approval request id. */
async function pausedApproval(): Promise<{ runId: string; approvalId: string }> {
  const { automationId } = await createAutomation(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "ann@example.com", approverRoles: [] }));
  const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
  await waitForStatus(t.db, runId, ["PAUSED"]);
  const req = await t.db.approvalRequest.findFirstOrThrow({ where: { runId } });
  return { runId, approvalId: req.id };
}

/** The link token of a fresh paused approval (ann's). */
async function freshToken(): Promise<string> {
  return tokenFor(t.db, (await pausedApproval()).runId, "ann@example.com");
}

/** Every field of a valid body with a value of another JSON type. */
function wrongTypes(sample: Json): Json {
  return Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, typeof v === "string" ? 12345 : typeof v === "object" && v !== null ? "text" : "text"]));
}

function pathFor(o: Op, values: Record<string, string> = ids): string {
  return o.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "missing");
}

async function snapshot(): Promise<string> {
  const db = t.db;
  const [automations, versions, runs, events, audit, schedules, connections, subscriptions, outgoing] = await Promise.all([
    db.automation.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, draftRevision: true, draftGraph: true, conditions: true, name: true, description: true, publishedVersion: true } }),
    db.automationVersion.count(),
    db.run.count(),
    db.event.count(),
    db.auditLog.count(),
    db.schedule.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, cron: true, enabled: true, fireCount: true } }),
    db.connection.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, description: true, values: true, secrets: true } }),
    db.webhookSubscription.findMany({ orderBy: { id: "asc" }, select: { id: true, url: true, events: true, description: true, active: true, secretEnc: true } }),
    db.outgoingWebhook.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, url: true, headers: true, active: true, secretEnc: true } }).then(async (rows) => ({ rows, attempts: await db.outgoingWebhookAttempt.count() })),
  ]);
  return JSON.stringify({ automations, versions, runs, events, audit, schedules, connections, subscriptions, outgoing });
}

function expectEnvelope(r: ApiResult, what: string): void {
  expect(r.status, `${what}: ${r.text}`).toBeGreaterThanOrEqual(400);
  expect(r.status, `${what}: ${r.text}`).toBeLessThan(500);
  const e = (r.json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  expect(typeof e?.code, what).toBe("string");
  expect(typeof e?.message, what).toBe("string");
  expect(e && "details" in e, what).toBe(true);
  expect(r.headers["x-request-id"], what).toBeTruthy();
}

beforeAll(async () => {
  engineEnv();
  t = await setupEngineTest();
  call = apiClient(t.db);
  keys = await makeKeys(t.db, t.ws);
  const created = await call("POST", "/automations", { key: keys.full, body: { name: "Fixture", trigger_type: "manual" } });
  ids.automation_id = (created.json as { id: string }).id;
  const action = await call("POST", `/automations/${ids.automation_id}/actions`, { key: keys.full, body: SAMPLE_BODIES.createAction });
  ids.action_id = (action.json as { id: string }).id;
  SAMPLE_BODIES.reorderActions = { action_ids: [ids.action_id] };
  await call("POST", `/automations/${ids.automation_id}/enable`, { key: keys.full });
  const run = await call("POST", `/automations/${ids.automation_id}/trigger`, { key: keys.full, body: { trigger_data: {} } });
  ids.run_id = (run.json as { run_id: string }).run_id;
  ids.version = "1";
  ids.trigger_type = "stage_changed";
  ids.approval_id = (await pausedApproval()).approvalId;
  ids.token = await freshToken();
  const eventAuto = await call("POST", "/automations", { key: keys.full, body: { name: "Event fixture", trigger_type: "contact_created", source_id: "src_1" } });
  ids.event_automation_id = (eventAuto.json as { id: string }).id;
  ids.trigger_id = "source_id";
  SAMPLE_BODIES.createEventSchedule = { ...(SAMPLE_BODIES.createEventSchedule as Json), automation_id: ids.automation_id };
  const schedule = await call("POST", "/event-schedules", { key: keys.full, body: SAMPLE_BODIES.createEventSchedule });
  ids.schedule_id = (schedule.json as { id: string }).id;
  const conn = await call("POST", "/connections", { key: keys.full, body: { name: "Fixture bearer", type: "http_bearer", values: { token: "fixture-secret-token" } } });
  ids.connection_id = (conn.json as { id: string }).id;
  const conn2 = await call("POST", "/connections", { key: keys.full, body: { name: "Fixture bearer 2", type: "http_bearer", values: { token: "fixture-secret-token-2" } } });
  // An automation whose draft uses the fixture connection: switching moves it to the second one.
  const user = await call("POST", "/automations", { key: keys.full, body: { name: "Uses connection", trigger_type: "manual" } });
  ids.switch_automation_id = (user.json as { id: string }).id;
  await call("POST", `/automations/${ids.switch_automation_id}/actions`, {
    key: keys.full,
    body: { action_type: "http_request", sequence: 1, config: { method: "GET", url: "http://127.0.0.1:9/never", connectionId: ids.connection_id } },
  });
  const subscription = await call("POST", "/webhooks/subscriptions", { key: keys.full, body: SAMPLE_BODIES.createWebhookSubscription });
  ids.subscription_id = (subscription.json as { id: string }).id;
  // A delivery of that subscription (redeliver), an incoming webhook on a draft-only automation, and an automation for createIncomingWebhook.
  await t.db.platformEvent.create({ data: { id: "evt_contract", workspaceId: t.ws.workspaceId, type: "run.completed", data: "{}", occurredAt: new Date(), fannedOutAt: new Date() } });
  const delivery = await t.db.webhookDelivery.create({ data: { workspaceId: t.ws.workspaceId, subscriptionId: ids.subscription_id, eventId: "evt_contract", eventType: "run.completed", status: "FAILED" } });
  ids.delivery_id = delivery.id;
  const hooked = await call("POST", "/automations", { key: keys.full, body: { name: "Incoming fixture", trigger_type: "manual" } });
  const incoming = await call("POST", "/webhooks/incoming", { key: keys.full, body: { automation_id: (hooked.json as { id: string }).id, auth_mode: "hmac" } });
  ids.webhook_id = (incoming.json as { id: string }).id;
  const toHook = await call("POST", "/automations", { key: keys.full, body: { name: "Becomes webhook", trigger_type: "manual" } });
  SAMPLE_BODIES.createIncomingWebhook = { ...(SAMPLE_BODIES.createIncomingWebhook as Json), automation_id: (toHook.json as { id: string }).id };
  const outgoing = await call("POST", "/webhooks/outgoing", { key: keys.full, body: SAMPLE_BODIES.createOutgoingWebhook });
  ids.outgoing_webhook_id = (outgoing.json as { id: string }).id;
  SAMPLE_BODIES.createOutgoingWebhook = { ...(SAMPLE_BODIES.createOutgoingWebhook as Json), name: "Contract endpoint 2" };
  SAMPLE_BODIES.switchDraftConnection = { from_connection_id: ids.connection_id, to_connection_id: (conn2.json as { id: string }).id };
});
afterAll(async () => {
  await t?.cleanup();
});

describe("OpenAPI document", () => {
  it("is an OpenAPI 3.1 document whose operations, parameters and references are complete", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(OPS.length).toBeGreaterThanOrEqual(20);
    const opIds = OPS.map((o) => o.operationId);
    expect(new Set(opIds).size).toBe(opIds.length);
    const text = JSON.stringify(doc);
    for (const m of text.matchAll(/"\$ref":"#\/([^"]+)"/g)) {
      const target = m[1].split("/").reduce<unknown>((node, key) => (node as Json | undefined)?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
      expect(target, `$ref #/${m[1]}`).toBeDefined();
    }
    expect(PUBLIC.map((o) => `${o.method} ${o.path}`).sort()).toEqual(["GET /callbacks/{token}", "POST /callbacks/{token}"]);
    for (const o of OPS) {
      expect(o.op.summary, o.operationId).toBeTruthy();
      if (isPublic(o)) {
        expect(o.op["x-required-scope"], o.operationId).toBeUndefined();
        expect(Object.keys(o.op.responses), o.operationId).not.toContain("401");
        expect(Object.keys(o.op.responses), o.operationId).not.toContain("403");
        expect(Object.keys(o.op.responses), o.operationId).toContain("404");
      } else {
        expect(o.op.security, o.operationId).toEqual([{ bearerAuth: [] }]);
        expect(o.op["x-required-scope"], o.operationId).toBeTruthy();
      }
      const templ = [...o.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = o.op.parameters.filter((p) => p.in === "path").map((p) => p.name).sort();
      expect(declared, `${o.operationId} path parameters`).toEqual(templ);
      expect(Object.keys(o.op.responses).some((s) => /^2\d\d$/.test(s)), o.operationId).toBe(true);
    }
  });

  it("every schema in the document compiles as JSON Schema", () => {
    const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
    for (const name of Object.keys(schemas)) expect(ajv.getSchema(`openapi#/components/schemas/${name}`), name).toBeTruthy();
  });

  it("is served at /api/v1/openapi.json without a key", async () => {
    const r = await call("GET", "/openapi.json");
    expect(r.status).toBe(200);
    expect((r.json as { openapi: string }).openapi).toBe("3.1.0");
  });
});

describe("every operation", () => {
  it("read-only key: every write answers 403 naming the scope and changes nothing", async () => {
    const writes = KEYED.filter((o) => o.method !== "GET" && !READ_SCOPES.includes(String(o.op["x-required-scope"])));
    expect(writes.length).toBeGreaterThan(10);
    for (const o of writes) {
      const before = await snapshot();
      const r = await call(o.method, pathFor(o), { key: keys.readOnly, body: SAMPLE_BODIES[o.operationId.replace(/Alias$/, "")] });
      expect(r.status, `${o.operationId}: ${r.text}`).toBe(403);
      expect((r.json as { error: { message: string } }).error.message).toContain(String(o.op["x-required-scope"]));
      expect(validate(o, 403, r.json)).toBeNull();
      expect(await snapshot(), o.operationId).toBe(before);
    }
  });

  it("read-only key: POSTs that need only a read scope (simulate, preview-cron) answer 200 and change nothing", async () => {
    const reads = KEYED.filter((o) => o.method !== "GET" && READ_SCOPES.includes(String(o.op["x-required-scope"])));
    expect(reads.map((o) => o.operationId.replace(/Alias$/, "")).sort()).toEqual(["previewCron", "previewCron", "simulateAutomation"]);
    for (const o of reads) {
      const before = await snapshot();
      const r = await call(o.method, pathFor(o), { key: keys.readOnly, body: SAMPLE_BODIES[o.operationId.replace(/Alias$/, "")] });
      expect(r.status, `${o.operationId}: ${r.text}`).toBe(200);
      expect(validate(o, r.status, r.json), o.operationId).toBeNull();
      expect(await snapshot(), o.operationId).toBe(before);
    }
  });

  it("another workspace's key: every id of this workspace answers 404", async () => {
    for (const o of OPS.filter((x) => /\{(automation_id|run_id|action_id|approval_id|schedule_id|connection_id|trigger_id|subscription_id|outgoing_webhook_id)\}/.test(x.path))) {
      const before = await snapshot();
      const r = await call(o.method, pathFor(o), { key: keys.other, body: SAMPLE_BODIES[o.operationId.replace(/Alias$/, "")] });
      expect(r.status, `${o.operationId}: ${r.text}`).toBe(404);
      expectEnvelope(r, o.operationId);
      expect(await snapshot(), o.operationId).toBe(before);
    }
  });

  it("another workspace's key: incoming webhook and delivery ids of this workspace answer 404, nothing changes", async () => {
    const ops = OPS.filter((x) => /\{(webhook_id|delivery_id)\}/.test(x.path));
    expect(ops.length).toBeGreaterThanOrEqual(6);
    for (const o of ops) {
      const before = [await snapshot(), JSON.stringify(await t.db.webhookEndpoint.findMany({ orderBy: { id: "asc" } })), JSON.stringify(await t.db.webhookDelivery.findMany({ orderBy: { id: "asc" } }))];
      const r = await call(o.method, pathFor(o), { key: keys.other, body: SAMPLE_BODIES[o.operationId.replace(/Alias$/, "")] });
      expect(r.status, `${o.operationId}: ${r.text}`).toBe(404);
      expectEnvelope(r, o.operationId);
      const after = [await snapshot(), JSON.stringify(await t.db.webhookEndpoint.findMany({ orderBy: { id: "asc" } })), JSON.stringify(await t.db.webhookDelivery.findMany({ orderBy: { id: "asc" } }))];
      expect(after, o.operationId).toEqual(before);
    }
  });

  it("public operations (security: []): an unknown token answers 404 with the envelope and the declared schema, key or not", async () => {
    expect(PUBLIC.length).toBe(2);
    for (const o of PUBLIC) {
      const before = await snapshot();
      for (const key of [undefined, keys.readOnly]) {
        const r = await call(o.method, pathFor(o, { token: "N".repeat(43) }), { key, body: SAMPLE_BODIES[o.operationId] });
        expect(r.status, `${o.operationId}: ${r.text}`).toBe(404);
        expectEnvelope(r, o.operationId);
        expect((r.json as { error: { code: string } }).error.code).toBe("not_found");
        expect(validate(o, r.status, r.json), o.operationId).toBeNull();
      }
      expect(await snapshot(), o.operationId).toBe(before);
    }
  });

  it("no key or a wrong key: 401 with the envelope", async () => {
    for (const o of KEYED) {
      const none = await call(o.method, pathFor(o));
      expect(none.status, o.operationId).toBe(401);
      expectEnvelope(none, o.operationId);
      const wrong = await call(o.method, pathFor(o), { key: "sy_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB" });
      expect(wrong.status, o.operationId).toBe(401);
    }
  });

  it("malformed JSON, wrong types, unknown fields and huge bodies: 4xx with the envelope, never 500", async () => {
    for (const o of OPS.filter((x) => x.op.requestBody)) {
      const p = pathFor(o);
      const cases: Array<[string, ApiResult]> = [
        ["malformed", await call(o.method, p, { key: keys.full, rawBody: "{ not json" })],
        ["array", await call(o.method, p, { key: keys.full, body: [1, 2] })],
        ["wrong types", await call(o.method, p, { key: keys.full, body: wrongTypes((SAMPLE_BODIES[o.operationId] as Json) ?? { x: 1 }) })],
        ["unknown field", await call(o.method, p, { key: keys.full, body: { ...((SAMPLE_BODIES[o.operationId] as Json) ?? {}), surprise_field: 1 } })],
        ["huge", await call(o.method, p, { key: keys.full, rawBody: JSON.stringify({ pad: "x".repeat(1_100_000) }) })],
        ["not json type", await call(o.method, p, { key: keys.full, rawBody: "a=1", headers: { "content-type": "text/plain" } })],
      ];
      for (const [what, r] of cases) {
        expectEnvelope(r, `${o.operationId} ${what}`);
        expect(validate(o, r.status, r.json), `${o.operationId} ${what}`).toBeNull();
      }
      const unknown = cases[3][1];
      expect(unknown.status, o.operationId).toBe(400);
      expect(JSON.stringify(unknown.json), o.operationId).toContain("surprise_field");
      expect(cases[4][1].status, o.operationId).toBe(413);
    }
  });

  it("valid calls answer the declared status and schema", async () => {
    // Deletes last, the sub-resource before the automation it belongs to.
    const order = [...OPS].sort((a, b) => Number(a.method === "DELETE") - Number(b.method === "DELETE") || (a.method === "DELETE" ? b.path.length - a.path.length : 0));
    for (const o of order) {
      if (o.operationId === "cancelRun") {
        // a run that is still queued: the automation is paused first so nothing picks it up? cancel a fresh test run instead
        const fresh = await call("POST", `/automations/${ids.automation_id}/trigger`, { key: keys.full, body: { trigger_data: {} } });
        const r = await call("POST", pathFor(o, { ...ids, run_id: (fresh.json as { run_id: string }).run_id }), { key: keys.full });
        expect([200, 409], `${o.operationId}: ${r.text}`).toContain(r.status);
        expect(validate(o, r.status, r.json)).toBeNull();
        continue;
      }
      if (o.operationId === "retryRun") {
        // a run of its own that failed (nothing listens on port 9); the retry queues it again
        const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), http("call", "http://127.0.0.1:9/down")]));
        const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
        await waitForStatus(t.db, runId, ["FAILED"]);
        const r = await call("POST", pathFor(o, { ...ids, run_id: runId }), { key: keys.full });
        expect(r.status, `${o.operationId}: ${r.text}`).toBe(200);
        expect(validate(o, r.status, r.json), o.operationId).toBeNull();
        continue;
      }
      if (o.operationId === "testConnection") {
        // a connection with a Test URL where nothing listens: the test runs and reports the failure (200, ok false)
        const made = await call("POST", "/connections", { key: keys.full, body: { name: "Contract testable", type: "http_bearer", values: { token: "contract-test-token", testUrl: "http://127.0.0.1:9/me" } } });
        const r = await call(o.method, pathFor(o, { ...ids, connection_id: (made.json as { id: string }).id }), { key: keys.full });
        expect(r.status, `${o.operationId}: ${r.text}`).toBe(200);
        expect(r.json).toMatchObject({ ok: false });
        expect(validate(o, r.status, r.json), o.operationId).toBeNull();
        continue;
      }
      if (isPublic(o)) {
        // no key; a link of its own (GET shows it open, POST decides it)
        const r = await call(o.method, pathFor(o, { token: await freshToken() }), { body: SAMPLE_BODIES[o.operationId] });
        expect(r.status, `${o.operationId}: ${r.text}`).toBe(200);
        expect((r.json as { state: string }).state).toBe(o.method === "GET" ? "open" : "decided");
        expect(validate(o, r.status, r.json), o.operationId).toBeNull();
        continue;
      }
      if (o.operationId === "rejectApproval" || o.operationId === "approveApproval" || o.operationId === "resumeRun") {
        // each settles its own waiting run
        const fresh = await pausedApproval();
        const r = await call(o.method, pathFor(o, { ...ids, approval_id: fresh.approvalId, run_id: fresh.runId }), { key: keys.full, body: SAMPLE_BODIES[o.operationId] });
        expect(r.status, `${o.operationId}: ${r.text}`).toBe(200);
        expect(validate(o, r.status, r.json), o.operationId).toBeNull();
        continue;
      }
      const base = o.operationId.replace(/Alias$/, "");
      if (base === "fireEventSchedule" || base === "bulkEnroll") {
        // both need an active automation (the walk disabled it earlier)
        await call("POST", `/automations/${ids.automation_id}/enable`, { key: keys.full });
      }
      if (base === "deleteEventSchedule") {
        // each path deletes its own schedule
        const fresh = await call("POST", "/event-schedules", { key: keys.full, body: SAMPLE_BODIES.createEventSchedule });
        const r = await call(o.method, pathFor(o, { ...ids, schedule_id: (fresh.json as { id: string }).id }), { key: keys.full });
        expect(r.status, `${o.operationId}: ${r.text}`).toBe(204);
        continue;
      }
      const overrides: Record<string, string> = /Triggers?$/.test(base) && o.path.includes("/triggers") ? { automation_id: ids.event_automation_id } : base === "switchDraftConnection" ? { automation_id: ids.switch_automation_id } : {};
      if (Object.keys(overrides).length > 0) {
        const r = await call(o.method, pathFor(o, { ...ids, ...overrides }), { key: keys.full, body: SAMPLE_BODIES[base] });
        const expected = Object.keys(o.op.responses).find((s) => /^2\d\d$/.test(s));
        expect(String(r.status), `${o.operationId}: ${r.text}`).toBe(expected);
        expect(validate(o, r.status, r.json), o.operationId).toBeNull();
        continue;
      }
      if (o.operationId === "reorderActions") {
        const list = await call("GET", `/automations/${ids.automation_id}/actions`, { key: keys.full });
        SAMPLE_BODIES.reorderActions = { action_ids: (list.json as { data: Array<{ id: string }> }).data.map((a) => a.id).reverse() };
      }
      const r = await call(o.method, pathFor(o), { key: keys.full, body: SAMPLE_BODIES[o.operationId.replace(/Alias$/, "")] });
      const expected = Object.keys(o.op.responses).find((s) => /^2\d\d$/.test(s));
      expect(String(r.status), `${o.operationId}: ${r.text}`).toBe(expected);
      expect(validate(o, r.status, r.json), o.operationId).toBeNull();
      expect(r.headers["x-request-id"]).toMatch(/^req_/);
    }
  });
});
