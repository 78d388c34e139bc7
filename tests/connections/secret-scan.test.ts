import { readFileSync } from "node:fs";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerOfDb, sqliteFilePath } from "@/server/db";
import { publishVersion } from "@/server/services/versions/publish-version";
import { chain, engineEnv, node, setupEngineTest, startServer, waitForStatus, type EngineTest, type TestServer } from "../engine/helpers";
import { allProcedures, callers, callPath } from "../trpc/harness";
import { dumpTables, hits, secretValues } from "./fixture";
import { openApiDocument } from "@/server/api/openapi";
import { apiClient, makeKey } from "../api/harness";

/**
 * No tRPC response ever contains a secret: every query procedure of the app
 * router (enumerated, like the access matrix) is called as admin and as
 * specialist with every plausible input built from real ids, after a run whose
 * steps used connections in every way (auth connection, {{connections.*}} in
 * URL, header and body, basic auth, Slack webhook) against a server that echoes
 * the request back. Then the database's tables (and the SQLite file) are scanned.
 */
engineEnv();
const S = secretValues();
const FORBIDDEN = [S.token, S.apiKey, S.basicPassword, S.basicEncoded, S.slackPath, S.smtpPassword, S.headerValue];

let e: EngineTest;
let server: TestServer;
let c: Awaited<ReturnType<typeof callers>>;
const ids = { automationId: "", runId: "", stepIds: [] as string[], connectionIds: [] as string[] };
const setupResults: unknown[] = [];

beforeAll(async () => {
  e = await setupEngineTest();
  c = await callers(e.db, e.ws);
  server = await startServer((req, res, body) => {
    const echo = JSON.stringify({ url: req.url, headers: req.headers, body });
    if (req.url?.startsWith("/deny")) {
      res.writeHead(401, { "content-type": "application/json" }).end(echo);
      return;
    }
    const ok = req.url?.startsWith("/slack") || req.headers.authorization === `Bearer ${S.token}`;
    res.writeHead(ok ? 200 : 403, { "content-type": "application/json" }).end(echo);
  });
  const create = async (name: string, type: string, values: Record<string, string>) => {
    const made = await c.admin.connections.create({ name, type: type as "secrets", values });
    setupResults.push(made);
    ids.connectionIds.push(made.id);
    return made.id;
  };
  const bearer = await create("Orders API", "http_bearer", { token: S.token });
  await create("vault", "secrets", { apiKey: S.apiKey });
  const basic = await create("Legacy basic", "http_basic", { username: S.basicUser, password: S.basicPassword });
  const slack = await create("Ops Slack", "slack_webhook", { webhookUrl: `${server.url}/slack/T1/B2/${S.slackPath}` });
  const header = await create("Header key", "http_header", { headerName: "X-Api-Key", value: S.headerValue });
  await create("Mail relay", "smtp", { host: "127.0.0.1", port: "2525", security: "none", username: "mailer", password: S.smtpPassword, from: "Ops <ops@example.com>" });
  setupResults.push(await c.admin.connections.update({ id: header, description: "rotated", values: { value: S.headerValue } }));

  const graph = chain([
    node("trigger", "manual", { sampleData: {} }, undefined, "Trigger"),
    node("call", "http_request", {
      method: "POST",
      url: `${server.url}/echo?k={{connections.vault.apiKey}}`,
      connectionId: bearer,
      headers: [{ key: "X-Extra", value: "k={{connections.vault.apiKey}}" }],
      bodyType: "json",
      body: '{"secret":"{{connections.vault.apiKey}}"}',
    }, undefined, "Call API"),
    node("deny", "http_request", { method: "GET", url: `${server.url}/deny`, connectionId: basic }, { continueOnError: true, retry: { maxAttempts: 1 } }, "Denied"),
    node("hdr", "http_request", { method: "GET", url: `${server.url}/echo`, connectionId: header, failOnHttpError: false }, undefined, "Header auth"),
    node("slack", "slack_message", { connectionId: slack, text: "Deal won" }, undefined, "Notify"),
  ]);
  const automation = await c.admin.automations.create({ name: "Connections everywhere" });
  ids.automationId = automation.id;
  const loaded = await c.admin.automations.get({ id: automation.id });
  await c.admin.automations.saveDraft({ id: automation.id, baseRevision: loaded.draftRevision, graph });
  await publishVersion(e.admin, { automationId: automation.id, note: "v1" }, e.db);
  const run = await c.admin.runs.trigger({ automationId: automation.id });
  ids.runId = run.runId;
  const done = await waitForStatus(e.db, run.runId, ["COMPLETED", "FAILED"], 30_000);
  expect(done.error).toBeNull();
  ids.stepIds = (await e.db.stepRun.findMany({ where: { runId: run.runId }, select: { id: true } })).map((s) => s.id);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await e?.cleanup();
});

function candidates(): unknown[] {
  const { automationId, runId } = ids;
  return [
    undefined,
    {},
    { id: automationId },
    { automationId },
    { runId },
    { automationId, number: 1 },
    ...ids.connectionIds.map((id) => ({ id })),
    ...ids.stepIds.map((stepId) => ({ runId, stepId })),
  ];
}

describe("secrets never leave the server", () => {
  it("the run really used every secret (the test server saw them)", () => {
    const seen = JSON.stringify(server.requests);
    expect(hits(seen, [S.token, S.apiKey, S.basicEncoded, S.slackPath, S.headerValue]).sort()).toEqual([S.token, S.apiKey, S.basicEncoded, S.slackPath, S.headerValue].sort());
  });

  it("every query procedure, as admin and as specialist, with every plausible input: 0 hits", async () => {
    const queries = allProcedures().filter((p) => p.type === "query").map((p) => p.path);
    expect(queries.length).toBeGreaterThan(15);
    const answered = new Set<string>();
    let calls = 0;
    for (const role of ["admin", "specialist"] as const) {
      for (const path of queries) {
        for (const input of candidates()) {
          const result = await callPath(c[role], path, input).then(
            (v) => ({ ok: true as const, v }),
            () => ({ ok: false as const }),
          );
          if (!result.ok) continue;
          calls += 1;
          answered.add(path);
          const text = JSON.stringify(superjson.serialize(result.v));
          expect(hits(text, FORBIDDEN), `${role} ${path}(${JSON.stringify(input)})`).toEqual([]);
        }
      }
    }
    // The procedures that return automations, versions, runs, steps and connections were really exercised.
    for (const path of ["automations.get", "automations.list", "versions.get", "versions.list", "runs.get", "runs.list", "runs.steps", "runs.step", "connections.list", "connections.get", "connections.usage"]) {
      expect(answered.has(path), `${path} answered`).toBe(true);
    }
    expect(calls).toBeGreaterThan(40);
  }, 180_000);

  it("REST /api/v1: every GET (full and read-only key), simulate and execute-one-action answer 0 hits", async () => {
    const call = apiClient(e.db);
    const full = await makeKey(e.db, e.ws);
    const readOnly = await makeKey(e.db, e.ws, ["automations:read", "schedules:read", "connections:read"], "read only");
    const paths = Object.entries((openApiDocument() as { paths: Record<string, Record<string, unknown>> }).paths)
      .filter(([, methods]) => "get" in methods)
      .map(([path]) => path);
    const values = (connectionId: string): Record<string, string> => ({ automation_id: ids.automationId, run_id: ids.runId, connection_id: connectionId, action_id: "call", trigger_type: "manual", version: "1" });
    let answered = 0;
    for (const key of [full, readOnly]) {
      for (const path of paths) {
        for (const connectionId of ids.connectionIds) {
          const url = path.replace(/\{(\w+)\}/g, (_, n: string) => values(connectionId)[n] ?? "missing");
          const r = await call("GET", url, { key });
          if (r.status === 200) answered += 1;
          expect(hits(r.text, FORBIDDEN), `GET ${url}`).toEqual([]);
          if (!path.includes("{connection_id}")) break;
        }
      }
    }
    expect(answered).toBeGreaterThan(20);
    const one = await call("GET", `/connections/${ids.connectionIds[0]}`, { key: full });
    expect((one.json as { secret_fields: Array<{ field: string }> }).secret_fields.map((f) => f.field)).toEqual(["token"]);
    const sim = await call("POST", `/automations/${ids.automationId}/test`, { key: full, body: { trigger_data: {} } });
    expect(sim.status, sim.text).toBe(200);
    expect(sim.text).toContain("••••");
    expect(hits(sim.text, FORBIDDEN)).toEqual([]);
    const exec = await call("POST", `/automations/${ids.automationId}/actions/call/execute`, { key: full, body: { trigger_data: {} } });
    expect(exec.status, exec.text).toBe(201);
    expect(hits(exec.text, FORBIDDEN)).toEqual([]);
  }, 180_000);

  it("mutation results (create, update) hold no secret either", () => {
    expect(hits(JSON.stringify(superjson.serialize(setupResults)), FORBIDDEN)).toEqual([]);
  });

  it("the step records show the request as sent with secrets masked", async () => {
    const steps = await c.admin.runs.steps({ runId: ids.runId });
    const call = steps.items.find((s) => s.nodeId === "call")!;
    expect(call.status).toBe("SUCCEEDED");
    const request = call.request as { url: string; headers: Record<string, string>; body: string; connections: string[] };
    expect(request.headers.Authorization).toBe("Bearer ••••");
    expect(request.headers["X-Extra"]).toBe("k=••••");
    expect(request.url).toBe(`${server.url}/echo?k=••••`);
    expect(request.body).toBe('{"secret":"••••"}');
    expect(request.connections).toEqual(["Orders API", "vault"]);
    // the echo in the response is masked as well
    expect(JSON.stringify(call.response)).toContain("Bearer ••••");
    const deny = steps.items.find((s) => s.nodeId === "deny")!;
    expect(deny.status).toBe("FAILED");
    expect((deny.request as { headers: Record<string, string> }).headers.Authorization).toBe("Basic ••••");
    expect(deny.error).toMatch(/HTTP 401/);
    const slack = steps.items.find((s) => s.nodeId === "slack")!;
    expect(slack.status).toBe("SUCCEEDED");
    expect(JSON.stringify(slack.request)).toContain("••••");
  });

  it("a specialist sees a connection's name and type only", async () => {
    const list = await c.specialist.connections.list();
    expect(list.length).toBe(6);
    for (const item of list) expect(Object.keys(item).sort()).toEqual(["detail", "id", "name", "type", "typeLabel"]);
    expect(list.every((i) => i.detail === null)).toBe(true);
  });

  it("the database holds no secret in clear text: every table, and the SQLite file itself", async () => {
    const text = await dumpTables(e.db);
    expect(text).toContain("Orders API");
    expect(hits(text, FORBIDDEN)).toEqual([]);
    if (providerOfDb(e.db) === "sqlite") {
      await e.db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
      const file = readFileSync(sqliteFilePath(e.url)).toString("latin1");
      expect(file).toContain("Orders API");
      expect(hits(file, FORBIDDEN)).toEqual([]);
    }
  });
});
