import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Ajv from "ajv";
import { engineEnv } from "../engine/helpers";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { openApiDocument } from "@/server/api/openapi";
import { memberActor } from "@/server/auth/actor";
import { getAutomationFailureAlerts, setWorkspaceFailureAlerts } from "@/server/services/failure-alerts/alert-settings";
import { apiClient, makeKey, type ApiResult, type Call } from "./harness";

/**
 * REST failure_alerts on the automation resource (issue 14 item 5): GET shows
 * them (null = the workspace default), PATCH sets them through the
 * failure-alerts service (same zod schema, REST field names in the errors),
 * the OpenAPI document declares both, answers validate against it.
 */
type Json = Record<string, unknown>;
type Alerts = { enabled: boolean; channels: { in_app: boolean; emails: string[]; subscription_ids: string[] }; digest_minutes: number } | null;
type ErrorBody = { error: { code: string; message: string; details: { issues?: Array<{ field: string; message: string; in: string }> } | null } };

let t: TestDb;
let ws: TestWorkspace;
let call: Call;
let key: string;
let readKey: string;
let otherKey: string;
let automationId: string;

const doc = openApiDocument() as Json & { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } };
const ajv = new Ajv({ unknownFormats: "ignore", validateSchema: false, allErrors: true });
ajv.addSchema(doc, "openapi");
function conforms(method: "get" | "patch", status: number, r: ApiResult): string | null {
  const ref =
    status >= 400 ? "openapi#/components/schemas/Error" : `openapi#/paths/${"/automations/{automation_id}".replace(/\//g, "~1")}/${method}/responses/${status}/content/application~1json/schema`;
  const fn = ajv.getSchema(ref);
  if (!fn) return `no schema at ${ref}`;
  return fn(r.json) ? null : ajv.errorsText(fn.errors);
}

const alertsOf = (r: ApiResult) => (r.json as { failure_alerts: Alerts }).failure_alerts;
const issuesOf = (r: ApiResult) => (r.json as ErrorBody).error.details?.issues ?? [];

async function patch(body: unknown, k = key): Promise<ApiResult> {
  return call("PATCH", `/automations/${automationId}`, { key: k, body });
}

beforeAll(async () => {
  engineEnv(); // HTTP_ALLOWLIST=127.0.0.1 for the event subscription's URL
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "rest-failure-alerts");
  call = apiClient(t.db);
  key = await makeKey(t.db, ws);
  readKey = await makeKey(t.db, ws, ["automations:read"], "read only");
  otherKey = await makeKey(t.db, { workspaceId: ws.otherWorkspaceId, adminId: ws.otherAdminId });
  const created = await call("POST", "/automations", { key, body: { name: "Nightly export", trigger_type: "manual" } });
  expect(created.status, created.text).toBe(201);
  automationId = (created.json as { id: string }).id;
});
afterAll(async () => {
  await t?.cleanup();
});

describe("REST failure_alerts on /automations/{id}", () => {
  it("the OpenAPI document declares failure_alerts on the Automation schema and the PATCH body", () => {
    const automation = doc.components.schemas.Automation as { properties: Record<string, Json>; required: string[] };
    expect(automation.properties.failure_alerts).toBeTruthy();
    expect(automation.required).toContain("failure_alerts");
    const fa = doc.components.schemas.FailureAlerts as { properties: Record<string, Json> };
    expect(Object.keys(fa.properties).sort()).toEqual(["channels", "digest_minutes", "enabled"]);
    expect(Object.keys((fa.properties.channels as { properties: Json }).properties).sort()).toEqual(["emails", "in_app", "subscription_ids"]);
    const op = doc.paths["/automations/{automation_id}"]!.patch as { requestBody: { content: { "application/json": { schema: { properties: Record<string, Json> } } } } };
    const prop = JSON.stringify(op.requestBody.content["application/json"].schema.properties.failure_alerts);
    for (const name of ["in_app", "subscription_ids", "digest_minutes", "null"]) expect(prop).toContain(name);
    expect(prop).not.toMatch(/inApp|subscriptionIds|digestMinutes/);
  });

  it("GET answers null (the workspace default) until the automation has its own; POST answers it too", async () => {
    const r = await call("GET", `/automations/${automationId}`, { key });
    expect(r.status).toBe(200);
    expect(alertsOf(r)).toBeNull();
    expect(conforms("get", 200, r)).toBeNull();
  });

  it("PATCH sets its own settings (snake_case), through the service: audited, stored, effective", async () => {
    const r = await patch({ failure_alerts: { enabled: true, channels: { in_app: true, emails: ["Ops@Example.com", "ops@example.com", "oncall@example.com"] }, digest_minutes: 15 } });
    expect(r.status, r.text).toBe(200);
    expect(conforms("patch", 200, r)).toBeNull();
    const want: Alerts = { enabled: true, channels: { in_app: true, emails: ["ops@example.com", "oncall@example.com"], subscription_ids: [] }, digest_minutes: 15 };
    expect(alertsOf(r)).toEqual(want);
    const again = await call("GET", `/automations/${automationId}`, { key });
    expect(alertsOf(again)).toEqual(want);
    // The app reads the same settings (tRPC failureAlerts.automation goes through the same service).
    const viaService = await getAutomationFailureAlerts(memberActor(ws.adminId, ws.workspaceId, "ADMIN"), { automationId }, t.db);
    expect(viaService.settings).toEqual({ enabled: true, channels: { inApp: true, emails: ["ops@example.com", "oncall@example.com"], subscriptionIds: [] }, digestMinutes: 15 });
    expect(viaService.effective).toEqual(viaService.settings);
    const audit = await t.db.auditLog.findFirst({ where: { workspaceId: ws.workspaceId, action: "automation.failure_alerts_changed", targetId: automationId } });
    expect(audit).not.toBeNull();
    expect(audit!.actorType).not.toBe("user");
    // The scanner's cursor starts with the first setting of the workspace.
    expect(await t.db.failureAlertCursor.findUnique({ where: { workspaceId: ws.workspaceId } })).not.toBeNull();
  });

  it("PATCH with other fields and failure_alerts applies both; without failure_alerts leaves them alone", async () => {
    const r = await patch({ description: "exports at night", failure_alerts: { enabled: true, channels: { in_app: true } } });
    expect(r.status, r.text).toBe(200);
    expect((r.json as { description: string }).description).toBe("exports at night");
    expect(alertsOf(r)).toEqual({ enabled: true, channels: { in_app: true, emails: [], subscription_ids: [] }, digest_minutes: 0 });
    const untouched = await patch({ priority: 5 });
    expect(untouched.status, untouched.text).toBe(200);
    expect(alertsOf(untouched)).toEqual({ enabled: true, channels: { in_app: true, emails: [], subscription_ids: [] }, digest_minutes: 0 });
  });

  it("{ enabled: false } turns them off for this automation even with a workspace default; null returns to the default", async () => {
    const admin = memberActor(ws.adminId, ws.workspaceId, "ADMIN");
    await setWorkspaceFailureAlerts(admin, { settings: { enabled: true, channels: { inApp: true } } }, t.db);
    const off = await patch({ failure_alerts: { enabled: false } });
    expect(off.status, off.text).toBe(200);
    expect(alertsOf(off)).toEqual({ enabled: false, channels: { in_app: false, emails: [], subscription_ids: [] }, digest_minutes: 0 });
    expect((await getAutomationFailureAlerts(admin, { automationId }, t.db)).effective).toBeNull();

    const reset = await patch({ failure_alerts: null });
    expect(reset.status, reset.text).toBe(200);
    expect(alertsOf(reset)).toBeNull();
    expect(conforms("patch", 200, reset)).toBeNull();
    const now = await getAutomationFailureAlerts(admin, { automationId }, t.db);
    expect(now.settings).toBeNull();
    expect(now.effective?.channels.inApp).toBe(true);
  });

  it("bad settings answer 400 validation_failed naming the REST field, and change nothing", async () => {
    await patch({ failure_alerts: { enabled: true, channels: { in_app: true } } });
    const cases: Array<[unknown, string, RegExp]> = [
      [{ enabled: true, channels: { in_app: false, emails: [] } }, "failure_alerts.channels", /at least one channel/],
      [{ enabled: true, channels: { emails: ["not-an-address"] } }, "failure_alerts.channels.emails.0", /not a valid email address/],
      [{ enabled: true, channels: { in_app: true }, digest_minutes: 3 }, "failure_alerts.digest_minutes", /digest_minutes: 0 .* or 5 to 1440/],
      [{ enabled: true, channels: { in_app: "yes" } }, "failure_alerts.channels.in_app", /in_app: true or false/],
      [{ enabled: true, channels: { inApp: true } }, "failure_alerts.channels", /inApp/],
      [{ channels: { in_app: true } }, "failure_alerts.enabled", /enabled: true or false/],
      [{ enabled: true, channels: { in_app: true, emails: Array.from({ length: 21 }, (_, i) => `a${i}@example.com`) } }, "failure_alerts.channels.emails", /at most 20/],
      ["on", "failure_alerts", /.+/],
    ];
    for (const [value, field, message] of cases) {
      const r = await patch({ failure_alerts: value });
      expect(r.status, `${JSON.stringify(value)} → ${r.text}`).toBe(400);
      expect((r.json as ErrorBody).error.code).toBe("validation_failed");
      expect(conforms("patch", 400, r)).toBeNull();
      const issue = issuesOf(r).find((i) => i.field === field);
      expect(issue, `${JSON.stringify(value)}: ${r.text}`).toBeTruthy();
      expect(issue!.message).toMatch(message);
      expect(issue!.message).not.toMatch(/digestMinutes|subscriptionIds|channels\.inApp/);
      expect(issue!.in).toBe("body");
    }
    const r = await call("GET", `/automations/${automationId}`, { key });
    expect(alertsOf(r)).toEqual({ enabled: true, channels: { in_app: true, emails: [], subscription_ids: [] }, digest_minutes: 0 });
  });

  it("an unknown (or another workspace's) event subscription is refused with its field; a known one is kept", async () => {
    const unknown = await patch({ failure_alerts: { enabled: true, channels: { subscription_ids: ["sub_nope"] } } });
    expect(unknown.status).toBe(400);
    expect(issuesOf(unknown).map((i) => i.field)).toEqual(["failure_alerts.channels.subscription_ids"]);
    expect((unknown.json as ErrorBody).error.message).toContain("channels.subscription_ids: unknown event subscription sub_nope");
    expect(unknown.text).not.toMatch(/subscriptionIds/);

    const made = await call("POST", "/webhooks/subscriptions", { key, body: { url: "http://127.0.0.1:9/alerts", events: ["run.failed"], secret: "whsec_" + "A".repeat(32) } });
    expect(made.status, made.text).toBe(201);
    const subId = (made.json as { id: string }).id;
    const ok = await patch({ failure_alerts: { enabled: true, channels: { subscription_ids: [subId, subId] }, digest_minutes: 60 } });
    expect(ok.status, ok.text).toBe(200);
    expect(alertsOf(ok)).toEqual({ enabled: true, channels: { in_app: false, emails: [], subscription_ids: [subId] }, digest_minutes: 60 });
  });

  it("a read-only key cannot PATCH (403 naming automations:write); another workspace's key gets 404; nothing changes", async () => {
    const before = alertsOf(await call("GET", `/automations/${automationId}`, { key: readKey }));
    const denied = await patch({ failure_alerts: null }, readKey);
    expect(denied.status).toBe(403);
    expect((denied.json as ErrorBody).error.message).toContain("automations:write");
    const foreign = await patch({ failure_alerts: null }, otherKey);
    expect(foreign.status).toBe(404);
    expect(alertsOf(await call("GET", `/automations/${automationId}`, { key }))).toEqual(before);
  });

  it("an archived automation refuses new settings (409)", async () => {
    const made = await call("POST", "/automations", { key, body: { name: "Soon archived", trigger_type: "manual" } });
    const id = (made.json as { id: string }).id;
    expect((await call("DELETE", `/automations/${id}`, { key })).status).toBe(204);
    const r = await call("PATCH", `/automations/${id}`, { key, body: { failure_alerts: { enabled: false } } });
    expect(r.status, r.text).toBe(409);
  });
});
