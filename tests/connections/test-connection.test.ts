import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { callers, expectTrpcError } from "../trpc/harness";
import { engineEnv, startServer, type TestServer } from "../engine/helpers";
import { apiClient, makeKey } from "../api/harness";
import { hits, secretValues } from "./fixture";

/**
 * "Test connection" (connections.test, POST /api/v1/connections/{id}/test)
 * against real HTTP servers on 127.0.0.1: one that checks each HTTP auth type's
 * credentials, and one imitating Slack's incoming webhooks (an empty payload
 * answers 400 no_text for a valid URL, 404 no_service for a revoked one).
 */
engineEnv();
const S = secretValues();
const FORBIDDEN = [S.token, S.headerValue, S.basicPassword, S.basicEncoded, S.slackPath];

let t: TestDb;
let ws: TestWorkspace;
let c: Awaited<ReturnType<typeof callers>>;
let api: TestServer;
let slack: TestServer;

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "conn-test");
  c = await callers(t.db, ws);
  api = await startServer((req, res) => {
    const ok =
      (req.url === "/bearer" && req.headers.authorization === `Bearer ${S.token}`) ||
      (req.url === "/header" && req.headers["x-api-key"] === S.headerValue) ||
      (req.url === "/basic" && req.headers.authorization === `Basic ${S.basicEncoded}`);
    // The refusal echoes what it got: the message must still hold no secret.
    res.writeHead(ok ? 200 : 401, { "content-type": "application/json" }).end(JSON.stringify({ ok, got: req.headers }));
  });
  slack = await startServer((req, res, body) => {
    if (req.method !== "POST" || !req.url?.startsWith("/services/")) return void res.writeHead(405).end();
    if (!req.url.endsWith(S.slackPath)) return void res.writeHead(404, { "content-type": "text/plain" }).end("no_service");
    // Slack: a valid webhook with no text posts nothing and says so.
    res.writeHead(body === "{}" || !body.includes('"text"') ? 400 : 200, { "content-type": "text/plain" }).end(body.includes('"text"') ? "ok" : "no_text");
  });
});
afterAll(async () => {
  await api?.close();
  await slack?.close();
  await t?.cleanup();
});

async function connection(name: string, type: string, values: Record<string, string>) {
  return (await c.admin.connections.create({ name, type: type as "http_bearer", values })).id;
}

describe("connections.test", () => {
  const HTTP: Array<[string, (base: string, good: boolean) => Record<string, string>, string]> = [
    ["http_bearer", (base, good) => ({ token: good ? S.token : `${S.token}x`, testUrl: `${base}/bearer` }), "/bearer"],
    ["http_header", (base, good) => ({ headerName: "X-Api-Key", value: good ? S.headerValue : `${S.headerValue}x`, testUrl: `${base}/header` }), "/header"],
    ["http_basic", (base, good) => ({ username: S.basicUser, password: good ? S.basicPassword : `${S.basicPassword}x`, testUrl: `${base}/basic` }), "/basic"],
  ];

  for (const [type, values, path] of HTTP) {
    it(`${type}: 2xx → ok, 401 → refused with a clear message; no secret in the message; the outcome is stored`, async () => {
      const good = await connection(`${type} good`, type, values(api.url, true));
      const bad = await connection(`${type} bad`, type, values(api.url, false));
      const seen = api.requests.length;

      const ok = await c.admin.connections.test({ id: good });
      expect(ok).toMatchObject({ ok: true, message: `HTTP 200 from ${new URL(api.url).host}: the credentials were accepted` });
      expect(api.requests.slice(seen).map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${path}`]);
      const stored = await c.admin.connections.get({ id: good });
      expect(stored.detail).toMatchObject({ lastTest: { ok: true, message: ok.message } });
      expect(JSON.stringify(stored.detail)).toContain(ok.testedAt.toISOString());

      const refused = await c.admin.connections.test({ id: bad });
      expect(refused).toMatchObject({ ok: false, message: `HTTP 401 from ${new URL(api.url).host}: the credentials were refused` });
      expect((await t.db.connection.findUniqueOrThrow({ where: { id: bad } })).lastTestOk).toBe(false);
      expect(hits(JSON.stringify([ok, refused, stored]), FORBIDDEN)).toEqual([]);
    });
  }

  it("slack_webhook: Slack's 400 no_text → ok, nothing posted; a revoked URL → refused with Slack's answer", async () => {
    const good = await connection("Slack good", "slack_webhook", { webhookUrl: `${slack.url}/services/T1/B2/${S.slackPath}` });
    const revoked = await connection("Slack revoked", "slack_webhook", { webhookUrl: `${slack.url}/services/T1/B2/revoked${S.slackPath}x` });
    const ok = await c.admin.connections.test({ id: good });
    expect(ok).toMatchObject({ ok: true, message: "Slack accepted the webhook URL (no message was posted)" });
    expect(slack.requests.at(-1)).toMatchObject({ method: "POST", body: "{}" });
    const refused = await c.admin.connections.test({ id: revoked });
    expect(refused).toMatchObject({ ok: false, message: "Slack refused the webhook URL: HTTP 404 no_service" });
    expect(hits(JSON.stringify([ok, refused, await c.admin.connections.list()]), FORBIDDEN)).toEqual([]);
  });

  it("an HTTP connection without a Test URL is refused with how to fix it; a server that is down is a failed test, not an error", async () => {
    const noUrl = await connection("No test URL", "http_bearer", { token: S.token });
    const err = await expectTrpcError(c.admin.connections.test({ id: noUrl }), "UNPROCESSABLE_CONTENT");
    expect(err.message).toMatch(/^Set a Test URL on this connection to test it/);
    expect((await t.db.connection.findUniqueOrThrow({ where: { id: noUrl } })).lastTestedAt).toBeNull();
    const vault = await connection("Vault", "secrets", { apiKey: S.token });
    expect((await expectTrpcError(c.admin.connections.test({ id: vault }), "UNPROCESSABLE_CONTENT")).message).toMatch(/cannot be tested/);

    const down = await connection("Down", "http_bearer", { token: S.token, testUrl: "http://127.0.0.1:9/me" });
    const r = await c.admin.connections.test({ id: down });
    expect(r.ok).toBe(false);
    expect(r.message).not.toBe("");
    expect(hits(r.message, FORBIDDEN)).toEqual([]);
  });

  it("a secret the server echoes in an error is masked in the message", async () => {
    const echo = await startServer((req, res) => void res.writeHead(500, { "content-type": "text/plain" }).end(`bad token ${String(req.headers.authorization)}`));
    try {
      const id = await connection("Echoing", "http_bearer", { token: S.token, testUrl: `${echo.url}/me` });
      const r = await c.admin.connections.test({ id });
      expect(r).toMatchObject({ ok: false, message: `HTTP 500 from ${new URL(echo.url).host}: the test URL answered with an error` });
      expect(hits(JSON.stringify(r), FORBIDDEN)).toEqual([]);
    } finally {
      await echo.close();
    }
  });

  it("specialists cannot test; another workspace's admin gets NOT_FOUND", async () => {
    const id = await connection("Guarded", "http_bearer", { token: S.token, testUrl: `${api.url}/bearer` });
    await expectTrpcError(c.specialist.connections.test({ id }), "FORBIDDEN");
    await expectTrpcError(c.otherAdmin.connections.test({ id }), "NOT_FOUND");
  });
});

describe("POST /api/v1/connections/{id}/test", () => {
  it("answers the outcome (ok and refused), 422 without a Test URL, 403 for a read-only key, 404 for an unknown id", async () => {
    const call = apiClient(t.db);
    const key = await makeKey(t.db, ws);
    const reader = await makeKey(t.db, ws, ["connections:read"], "reader");
    const good = await connection("REST good", "http_bearer", { token: S.token, testUrl: `${api.url}/bearer` });
    const bad = await connection("REST bad", "http_basic", { username: S.basicUser, password: "nope", testUrl: `${api.url}/basic` });
    const noUrl = await connection("REST no url", "http_header", { headerName: "X-Api-Key", value: S.headerValue });

    const ok = await call("POST", `/connections/${good}/test`, { key });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({ ok: true, message: expect.stringContaining("the credentials were accepted") });
    expect((ok.json as { tested_at: string }).tested_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const refused = await call("POST", `/connections/${bad}/test`, { key });
    expect(refused.status).toBe(200);
    expect(refused.json).toMatchObject({ ok: false, message: expect.stringContaining("HTTP 401") });
    const unprocessable = await call("POST", `/connections/${noUrl}/test`, { key });
    expect(unprocessable.status).toBe(422);
    expect(unprocessable.text).toContain("Set a Test URL");
    expect((await call("POST", `/connections/${good}/test`, { key: reader })).status).toBe(403);
    expect((await call("POST", `/connections/conn_unknown/test`, { key })).status).toBe(404);
    expect(hits([ok.text, refused.text, unprocessable.text].join("\n"), FORBIDDEN)).toEqual([]);
  });
});
