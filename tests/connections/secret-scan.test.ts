import { readFileSync } from "node:fs";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerOfDb, sqliteFilePath } from "@/server/db";
import { publishVersion } from "@/server/services/versions/publish-version";
import { chain, engineEnv, node, setupEngineTest, startServer, waitFor, waitForStatus, type EngineTest, type TestServer } from "../engine/helpers";
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
    if (req.url?.startsWith("/slow")) {
      // a step that stays in flight long enough to be cancelled
      setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end(echo), 4_000).unref();
      return;
    }
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

/**
 * Mutations answer with automations, versions, runs, steps and connections too:
 * each such tRPC mutation is called with valid input (and its refusals with
 * invalid state), in an order that leaves the fixture above intact (scratch
 * automations and connections), and every answer — result or error message and
 * details — is scanned. Every mutation of those routers must be scanned or
 * listed as exempt with a reason, so a new one cannot be forgotten.
 */
const MUTATION_ROUTERS = ["automations", "versions", "runs", "connections", "outgoingWebhooks"];
const EXEMPT_MUTATIONS: Record<string, string> = {};

describe("mutations never answer with a secret", () => {
  const scanned = new Set<string>();
  let calls = 0;

  async function scan(path: string, input: unknown, role: "admin" | "specialist" = "admin"): Promise<{ ok: true; v: unknown } | { ok: false; e: unknown }> {
    const r = await callPath(c[role], path, input).then(
      (v) => ({ ok: true as const, v }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    const text = r.ok
      ? JSON.stringify(superjson.serialize(r.v))
      : JSON.stringify({ message: (r.e as Error).message, cause: (r.e as { cause?: unknown }).cause, data: superjson.serialize((r.e as { data?: unknown }).data ?? null) });
    expect(hits(text, FORBIDDEN), `${role} ${path}(${JSON.stringify(input)}) → ${text.slice(0, 300)}`).toEqual([]);
    scanned.add(path);
    calls += 1;
    return r;
  }
  async function must<T>(path: string, input: unknown): Promise<T> {
    const r = await scan(path, input);
    if (!r.ok) throw r.e;
    return r.v as T;
  }
  async function refused(path: string, input: unknown): Promise<string> {
    const r = await scan(path, input);
    expect(r.ok, `${path} should be refused here`).toBe(false);
    return (r as { e: Error }).e.message;
  }
  const finished = (runId: string) => waitForStatus(e.db, runId, ["COMPLETED", "FAILED", "CANCELLED"], 30_000);

  it("tRPC mutations of automations, versions, runs, connections and outgoing webhooks (valid calls and refusals): 0 hits", async () => {
    const fixtureGraph = (await c.admin.automations.get({ id: ids.automationId })).draftGraph;
    const [bearer, , basic] = ids.connectionIds;

    // automations: create, saveDraft (the graph that uses every connection), rename, settings, status
    const scratch = await must<{ id: string; draftRevision: number }>("automations.create", { name: "Scratch (mutations)" });
    await must("automations.saveDraft", { id: scratch.id, baseRevision: scratch.draftRevision, graph: fixtureGraph });
    await refused("automations.saveDraft", { id: scratch.id, baseRevision: 0, graph: fixtureGraph });
    await must("automations.rename", { id: scratch.id, name: "Scratch renamed" });
    await must("automations.updateSettings", { id: scratch.id, description: "scanned" });

    // versions: publish twice, restore the first
    await must("versions.publish", { automationId: scratch.id, note: "v1" });
    await must("versions.publish", { automationId: scratch.id, note: "v2" });
    await must("versions.restore", { automationId: scratch.id, number: 1 });
    await must("automations.setStatus", { id: scratch.id, status: "ACTIVE" });

    // runs: trigger (published and test), rerun, rerunMany, resume (not waiting: refused)
    const run = await must<{ runId: string }>("runs.trigger", { automationId: scratch.id });
    await finished(run.runId);
    const test = await must<{ runId: string }>("runs.trigger", { automationId: scratch.id, test: true });
    await finished(test.runId);
    const rerun = await must<{ newRunId: string }>("runs.rerun", { runId: run.runId, version: "ran" });
    await finished(rerun.newRunId);
    const many = await must<{ results: Array<{ newRunId?: string }> }>("runs.rerunMany", { runIds: [run.runId, test.runId], version: "published" });
    for (const r of many.results) if (r.newRunId) await finished(r.newRunId);
    await refused("runs.resume", { runId: run.runId, decision: "approve" });
    await refused("runs.retry", { runId: run.runId });
    await must("automations.bulkEnroll", { automationId: scratch.id, items: [{ data: { contact: { id: "c1" } } }] });

    // retry: a run that failed on the basic-auth step (401), retried (fails again)
    const failing = await must<{ id: string; draftRevision: number }>("automations.create", { name: "Fails (mutations)" });
    await must("automations.saveDraft", {
      id: failing.id,
      baseRevision: failing.draftRevision,
      graph: chain([node("trigger", "manual", { sampleData: {} }, undefined, "Trigger"), node("deny", "http_request", { method: "GET", url: `${server.url}/deny`, connectionId: basic }, { retry: { maxAttempts: 1 } }, "Denied")]),
    });
    await must("versions.publish", { automationId: failing.id });
    const failed = await must<{ runId: string }>("runs.trigger", { automationId: failing.id });
    expect((await finished(failed.runId)).status).toBe("FAILED");
    await must("runs.retry", { runId: failed.runId });
    await finished(failed.runId);

    // cancel: a run whose step is in flight
    const slow = await must<{ id: string; draftRevision: number }>("automations.create", { name: "Slow (mutations)" });
    await must("automations.saveDraft", {
      id: slow.id,
      baseRevision: slow.draftRevision,
      graph: chain([node("trigger", "manual", { sampleData: {} }, undefined, "Trigger"), node("slow", "http_request", { method: "GET", url: `${server.url}/slow?k={{connections.vault.apiKey}}`, connectionId: bearer }, undefined, "Slow")]),
    });
    await must("versions.publish", { automationId: slow.id });
    const inFlight = await must<{ runId: string }>("runs.trigger", { automationId: slow.id });
    await waitFor("the slow step in flight", async () => (await e.db.stepRun.count({ where: { runId: inFlight.runId, nodeId: "slow", status: "RUNNING" } })) === 1, 20_000);
    await must("runs.cancel", { runId: inFlight.runId });
    await finished(inFlight.runId);
    await refused("runs.cancel", { runId: run.runId });

    // connections: test each, update each (secrets sent again), switch a draft and back, delete one in use
    for (const id of ids.connectionIds) await scan("connections.test", { id });
    const second = await must<{ id: string }>("connections.create", { name: "Orders API 2", type: "http_bearer", values: { token: S.token } });
    await refused("connections.create", { name: "Orders API 2", type: "http_bearer", values: { token: S.token } });
    for (const id of [...ids.connectionIds, second.id]) await must("connections.update", { id, description: "scanned" });
    await must("connections.update", { id: second.id, values: { token: S.token } });
    await must("connections.switchDraft", { automationId: scratch.id, fromConnectionId: bearer, toConnectionId: second.id });
    await refused("connections.switchDraft", { automationId: scratch.id, fromConnectionId: second.id, toConnectionId: ids.connectionIds[3] }); // Slack cannot replace a bearer
    await must("connections.switchDraft", { automationId: scratch.id, fromConnectionId: second.id, toConnectionId: bearer });
    await must("connections.switchDraft", { automationId: scratch.id, fromConnectionId: bearer, toConnectionId: second.id });
    const inUse = await refused("connections.delete", { id: second.id });
    expect(inUse).toMatch(/is used by 1 automation/);
    await must("connections.delete", { id: second.id, confirm: true });
    await refused("versions.publish", { automationId: scratch.id, note: "after delete" });

    // outgoing webhooks: a header taken from a connection is resolved at send time; the test event hits the echo server
    const hook = await must<{ webhook: { id: string } } | { id: string }>("outgoingWebhooks.create", {
      name: "Echo endpoint",
      url: `${server.url}/echo-hook`,
      headers: [{ name: "Authorization", connectionId: bearer, field: "token" }, { name: "X-Static", value: "plain" }],
    });
    const hookId = "webhook" in hook ? hook.webhook.id : hook.id;
    const seenBefore = server.requests.length;
    await must("outgoingWebhooks.sendTest", { id: hookId });
    expect(JSON.stringify(server.requests.slice(seenBefore)), "the endpoint got the connection's token").toContain(S.token);
    await must("outgoingWebhooks.update", { id: hookId, description: "scanned", headers: [{ name: "Authorization", connectionId: bearer, field: "token" }] });
    await must("outgoingWebhooks.rotateSecret", { id: hookId });
    for (const path of ["outgoingWebhooks.get", "outgoingWebhooks.logs", "outgoingWebhooks.list"]) await must(path, path.endsWith("list") ? {} : { id: hookId });
    await must("outgoingWebhooks.delete", { id: hookId });

    // the scratch automations go last
    await must("automations.setStatus", { id: scratch.id, status: "PAUSED" });
    for (const id of [scratch.id, failing.id, slow.id]) await must("automations.archive", { id });

    // specialists are refused every one of these; the refusals hold no secret either
    for (const path of [...scanned]) await scan(path, { id: ids.automationId, automationId: ids.automationId, runId: ids.runId }, "specialist");

    const mutations = allProcedures().filter((p) => p.type === "mutation" && MUTATION_ROUTERS.includes(p.path.split(".")[0])).map((p) => p.path);
    expect(mutations.length).toBeGreaterThanOrEqual(20);
    const forgotten = mutations.filter((p) => !scanned.has(p) && !(p in EXEMPT_MUTATIONS));
    expect(forgotten, "mutations returning automations, versions, runs or connections that this scan does not call").toEqual([]);
    expect(calls).toBeGreaterThan(60);

    // what those runs recorded is still free of secrets
    const steps = await e.db.stepRun.findMany({ where: { run: { automationId: { in: [scratch.id, failing.id, slow.id] } } } });
    expect(steps.length).toBeGreaterThan(8);
    expect(hits(JSON.stringify(steps), FORBIDDEN)).toEqual([]);
  }, 240_000);

  it("REST write operations (every POST, PATCH and DELETE of the OpenAPI document, deletes last, on scratch ids): 0 hits", async () => {
    const call = apiClient(e.db);
    const key = await makeKey(e.db, e.ws, undefined, "writes");
    const fixtureGraph = (await c.admin.automations.get({ id: ids.automationId })).draftGraph;
    const scratch = await c.admin.automations.create({ name: "REST scratch" });
    await c.admin.automations.saveDraft({ id: scratch.id, baseRevision: scratch.draftRevision, graph: fixtureGraph });
    await c.admin.versions.publish({ automationId: scratch.id, note: "v1" });
    const run = await c.admin.runs.trigger({ automationId: scratch.id });
    await finished(run.runId);
    const doomed = await c.admin.connections.create({ name: "REST doomed", type: "http_bearer", values: { token: S.token, testUrl: `${server.url}/echo` } });
    const other = await c.admin.connections.create({ name: "REST other", type: "http_bearer", values: { token: S.token } });
    const hook = (await callPath(c.admin, "outgoingWebhooks.create", { name: "REST echo endpoint", url: `${server.url}/echo-hook`, headers: [{ name: "Authorization", connectionId: ids.connectionIds[0], field: "token" }] })) as { webhook: { id: string } } | { id: string };
    const values: Record<string, string> = { automation_id: scratch.id, run_id: run.runId, connection_id: doomed.id, action_id: "call", version: "1", outgoing_webhook_id: "webhook" in hook ? hook.webhook.id : hook.id };
    const BODIES: Record<string, unknown> = {
      createAutomation: { name: "REST created", trigger_type: "manual" },
      updateAutomation: { description: "scanned" },
      publishAutomation: { note: "rest" },
      createAction: { action_type: "http_request", sequence: 1, config: { method: "GET", url: `${server.url}/echo?k={{connections.vault.apiKey}}`, connectionId: ids.connectionIds[0] } },
      updateAction: { name: "Renamed call" },
      triggerAutomation: { trigger_data: {} },
      simulateAutomation: { trigger_data: {} },
      executeAction: { trigger_data: {} },
      rerunRun: { version: "ran" },
      bulkEnroll: { items: [{ data: {} }] },
      createConnection: { name: "REST created connection", type: "http_bearer", values: { token: S.token } },
      updateConnection: { description: "scanned", values: { token: S.token } },
      switchDraftConnection: { from_connection_id: ids.connectionIds[0], to_connection_id: other.id },
      updateOutgoingWebhook: { description: "scanned" },
    };
    const doc = openApiDocument() as { paths: Record<string, Record<string, { operationId: string }>> };
    const ops = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => ({ method: m.toUpperCase(), path, id: op.operationId })))
      .filter((o) => o.method !== "GET")
      .sort((a, b) => Number(a.method === "DELETE") - Number(b.method === "DELETE") || (a.method === "DELETE" ? b.path.length - a.path.length : 0));
    expect(ops.length).toBeGreaterThan(30);
    const status: Record<string, number> = {};
    for (const o of ops) {
      const url = o.path.replace(/\{(\w+)\}/g, (_, n: string) => values[n] ?? "missing") + (o.id === "deleteConnection" ? "?confirm=true" : "");
      const r = await call(o.method, url, { key, body: BODIES[o.id.replace(/Alias$/, "")] });
      status[o.id] = r.status;
      expect(hits(r.text, FORBIDDEN), `${o.method} ${url} → ${r.status} ${r.text.slice(0, 300)}`).toEqual([]);
    }
    // the writes that return automations, versions, runs, steps and connections really answered
    for (const id of ["createAutomation", "updateAutomation", "publishAutomation", "restoreAutomationVersion", "createAction", "updateAction", "triggerAutomation", "simulateAutomation", "executeAction", "rerunRun", "createConnection", "updateConnection", "testConnection", "switchDraftConnection", "deleteConnection", "deleteAutomation", "testOutgoingWebhook", "updateOutgoingWebhook"]) {
      expect(status[id], `${id} answered ${status[id]}`).toBeGreaterThanOrEqual(200);
      expect(status[id], `${id} answered ${status[id]}`).toBeLessThan(300);
    }
  }, 240_000);

  it("the database still holds no secret in clear text after all those writes", async () => {
    expect(hits(await dumpTables(e.db), FORBIDDEN)).toEqual([]);
  });
});
