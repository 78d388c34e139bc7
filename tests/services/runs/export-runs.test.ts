import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection } from "@/server/services/connections/create-connection";
import { exportRuns, EXPORT_MAX_RUNS, STEP_BATCH } from "@/server/services/runs/export-runs";
import { runExportChunks } from "@/server/api/presenters/run-export";
import { handleRunExportDownload } from "@/server/api/run-export-download";
import { createRun } from "@/server/services/runs/create-run";
import type { Actor } from "@/server/services/errors";
import { chain, createAutomation, engineEnv, node, setupEngineTest, startServer, waitForStatus, type EngineTest, type TestServer } from "../../engine/helpers";
import { apiClient, makeKey, type Call } from "../../api/harness";
import { AuthClient, useTestEnv } from "../../auth/auth-client";
import { actors, insertRun, insertStep, newAutomation, rejection } from "./helpers";
import { secretValues, hits } from "../../connections/fixture";

/**
 * Run export: one run, a filtered set capped at 500 (newest first), the file
 * shape (seed 002 export with seed-000 runs), Content-Disposition from the
 * browser route handler (real session cookie) and from REST (API key), secrets
 * masked (a real run through the engine with a bearer connection and a
 * {{connections.*}} secret in URL and body, against an echo server), and
 * workspace isolation.
 */
engineEnv();
const S = secretValues();

let e: EngineTest;
let server: TestServer;
let a: ReturnType<typeof actors>;
let call: Call;
let key: string;
let otherKey: string;
let big: string;
let secretAutomation: string;
let secretRun: string;
let handlers: ConstructorParameters<typeof AuthClient>[0];
const ids: string[] = [];
const t0 = Date.parse("2025-03-01T00:00:00.000Z");

type ExportFile = {
  automation: { id: string; name: string } | null;
  exported_at: string;
  run_count: number;
  limit: number;
  truncated: boolean;
  runs: Array<Record<string, unknown> & { run_id: string; status: string; action_results: Array<Record<string, unknown>>; state: { variables: Record<string, unknown> } | null }>;
};

async function collect(actor: Actor, input: Parameters<typeof exportRuns>[1]): Promise<{ text: string; file: ExportFile; filename: string }> {
  const exp = await exportRuns(actor, input, e.db, new Date("2025-06-01T10:20:30.000Z"));
  let text = "";
  for await (const chunk of runExportChunks(exp)) text += chunk;
  return { text, file: JSON.parse(text) as ExportFile, filename: exp.filename };
}

beforeAll(async () => {
  e = await setupEngineTest();
  useTestEnv(e.url);
  ({ handlers } = await import("@/server/auth"));
  a = actors(e.ws);
  call = apiClient(e.db);
  key = await makeKey(e.db, e.ws, ["automations:read"]);
  otherKey = await makeKey(e.db, { workspaceId: e.ws.otherWorkspaceId, adminId: e.ws.otherAdminId });

  // 505 runs of one automation (no engine: read-side rows), the newest with many steps.
  big = await newAutomation(e.db, a.admin, "Nightly Sync");
  for (let i = 0; i < 505; i++) {
    ids.push(
      await insertRun(e.db, {
        automationId: big,
        workspaceId: e.ws.workspaceId,
        status: i % 5 === 0 ? "FAILED" : "COMPLETED",
        triggerType: i % 2 === 0 ? "schedule" : "manual",
        createdAt: new Date(t0 + i * 60_000),
        startedAt: new Date(t0 + i * 60_000),
        finishedAt: new Date(t0 + i * 60_000 + 1000),
        triggerData: JSON.stringify({ n: i }),
        state: JSON.stringify({ vars: { n: i }, done: ["trigger"] }),
      }),
    );
  }
  const newest = ids[ids.length - 1];
  await insertStep(e.db, newest, e.ws.workspaceId, { nodeId: "trigger", nodeType: "manual", status: "SUCCEEDED", startedAt: new Date(t0 + 504 * 60_000), durationMs: 1 });
  for (let s = 0; s < STEP_BATCH * 2 + 7; s++) {
    await insertStep(e.db, newest, e.ws.workspaceId, {
      nodeId: "each",
      nodeName: "Each row",
      iteration: String(s),
      status: "SUCCEEDED",
      request: { row: s },
      response: { ok: s },
      startedAt: new Date(t0 + 504 * 60_000 + 10 + s),
      durationMs: 1,
    });
  }

  // A real run through the engine whose steps used secrets.
  server = await startServer((req, res, body) => {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ url: req.url, headers: req.headers, body }));
  });
  const bearer = await createConnection(a.admin, { name: "Orders API", type: "http_bearer", values: { token: S.token } }, e.db);
  await createConnection(a.admin, { name: "vault", type: "secrets", values: { apiKey: S.apiKey } }, e.db);
  const graph = chain([
    node("trigger", "manual", { sampleData: {} }, undefined, "Trigger"),
    node(
      "call",
      "http_request",
      { method: "POST", url: `${server.url}/echo?k={{connections.vault.apiKey}}`, connectionId: bearer.id, bodyType: "json", body: '{"secret":"{{connections.vault.apiKey}}"}' },
      undefined,
      "Call API",
    ),
  ]);
  ({ automationId: secretAutomation } = await createAutomation(e.db, e.ws.workspaceId, graph, { name: "Secret caller" }));
  ({ runId: secretRun } = await createRun({ workspaceId: e.ws.workspaceId, automationId: secretAutomation, triggerType: "manual", triggerData: { customer: "c-1" } }, e.db));
  const done = await waitForStatus(e.db, secretRun, ["COMPLETED", "FAILED"], 30_000);
  expect(done.status).toBe("COMPLETED");
}, 180_000);

afterAll(async () => {
  await server?.close();
  await e?.cleanup();
});

describe("exportRuns", () => {
  it("exports one run with its steps (all batches) in the normalized shape", async () => {
    const newest = ids[ids.length - 1];
    const { file, filename } = await collect(a.specialist, { runId: newest });
    expect(filename).toBe(`run-${newest}-20250601-102030.json`);
    expect(file).toMatchObject({ automation: { id: big, name: "Nightly Sync" }, exported_at: "2025-06-01T10:20:30.000Z", run_count: 1, limit: 500, truncated: false });
    expect(file.runs).toHaveLength(1);
    const run = file.runs[0];
    expect(run).toMatchObject({
      run_id: newest,
      automation_id: big,
      status: "completed",
      trigger_type: "schedule",
      trigger_data: { n: 504 },
      state: { variables: { n: 504 }, completed_node_ids: ["trigger"], pending_node_ids: [] },
      actions_total: STEP_BATCH * 2 + 7,
      actions_executed: STEP_BATCH * 2 + 7,
      actions_failed: 0,
      truncated: false,
      duration_ms: 1000,
    });
    // The trigger step is left out (as in GET /automations/runs/{id}); every loop step is there, in order.
    expect(run.action_results).toHaveLength(STEP_BATCH * 2 + 7);
    expect(run.action_results[0]).toMatchObject({ action_id: "each", name: "Each row", status: "succeeded", request: { row: 0 }, response: { ok: 0 } });
    expect(run.action_results.at(-1)).toMatchObject({ request: { row: STEP_BATCH * 2 + 6 } });
  });

  it("exports the newest 500 runs matching the list filters", async () => {
    const all = await collect(a.admin, { automationId: big });
    expect(all.file).toMatchObject({ run_count: EXPORT_MAX_RUNS, truncated: true });
    expect(all.file.runs).toHaveLength(EXPORT_MAX_RUNS);
    expect(all.file.runs[0].run_id).toBe(ids[504]);
    expect(all.file.runs[499].run_id).toBe(ids[5]);
    expect(all.filename).toBe("runs-nightly-sync-20250601-102030.json");

    const failed = await collect(a.admin, { automationId: big, status: ["FAILED"], triggerType: "schedule" });
    // i % 5 === 0 and i even → i % 10 === 0: 0, 10, …, 500 → 51 runs
    expect(failed.file).toMatchObject({ run_count: 51, truncated: false });
    expect(failed.file.runs.every((r) => r.status === "failed" && r.trigger_type === "schedule")).toBe(true);
    expect(failed.file.runs.map((r) => r.run_id)).toEqual(ids.filter((_, i) => i % 10 === 0).reverse());

    const ranged = await collect(a.admin, { automationId: big, from: new Date(t0 + 100 * 60_000), to: new Date(t0 + 109 * 60_000) });
    expect(ranged.file.run_count).toBe(10);
  }, 90_000); // 500 runs read one at a time (the export streams): ~9 s on PostgreSQL alone, over 30 s next to the e2e suite in CI

  it("never contains a connection secret: step records are masked", async () => {
    const { text, file } = await collect(a.admin, { runId: secretRun });
    expect(hits(text, [S.token, S.apiKey])).toEqual([]);
    const call = file.runs[0].action_results.find((r) => r.action_id === "call");
    expect(JSON.stringify(call)).toContain("••••");
    expect(file.runs[0].trigger_data).toEqual({ customer: "c-1" });
  });

  it("hides other workspaces and rejects unknown ids", async () => {
    expect((await rejection(exportRuns(a.other, { runId: ids[0] }, e.db))).code).toBe("NOT_FOUND");
    expect((await rejection(exportRuns(a.other, { automationId: big }, e.db))).code).toBe("NOT_FOUND");
    // A run id with another automation's id does not match.
    expect((await rejection(exportRuns(a.admin, { runId: ids[0], automationId: secretAutomation }, e.db))).code).toBe("NOT_FOUND");
    const theirs = await collect(a.other, {});
    expect(theirs.file.runs.map((r) => r.run_id)).not.toContain(ids[0]);
  });
});

describe("GET /api/v1/automations/{id}/runs/export (REST)", () => {
  it("downloads the file with Content-Disposition: attachment", async () => {
    const r = await call("GET", `/automations/${big}/runs/export?run_id=${ids[3]}`, { key });
    expect(r.status, r.text).toBe(200);
    expect(r.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(r.headers["content-disposition"]).toMatch(new RegExp(`^attachment; filename="run-${ids[3]}-\\d{8}-\\d{6}\\.json"`));
    expect(r.json).toMatchObject({ run_count: 1, runs: [{ run_id: ids[3], trigger_data: { n: 3 } }] });

    const filtered = await call("GET", `/automations/${big}/runs/export?status=failed&trigger_type=schedule&is_test=false`, { key });
    expect(filtered.status, filtered.text).toBe(200);
    expect((filtered.json as ExportFile).run_count).toBe(51);
  });

  it("answers 404 for another workspace, 400 for bad filters, 403 without the scope", async () => {
    expect((await call("GET", `/automations/${big}/runs/export`, { key: otherKey })).status).toBe(404);
    expect((await call("GET", `/automations/${big}/runs/export?run_id=${ids[0]}`, { key: otherKey })).status).toBe(404);
    const bad = await call("GET", `/automations/${big}/runs/export?status=exploded`, { key });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/unknown status exploded/);
    expect((await call("GET", `/automations/${big}/runs/export?from=soon`, { key })).status).toBe(400);
    const noScope = await makeKey(e.db, e.ws, ["events:write"], "events only");
    expect((await call("GET", `/automations/${big}/runs/export`, { key: noScope })).status).toBe(403);
  });
});

describe("GET /api/runs/export (browser download, session)", () => {
  const request = (client: AuthClient | null, query: string) =>
    new Request(`http://localhost:3000/api/runs/export?${query}`, { headers: client ? client.requestHeaders() : new Headers() });

  it("streams the same file with Content-Disposition for a signed-in member", async () => {
    const client = new AuthClient(handlers);
    await client.signIn(e.ws.specialistEmail, e.ws.password);
    const res = await handleRunExportDownload(request(client, `runId=${ids[7]}`), e.db);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="run-${ids[7]}-\\d{8}-\\d{6}\\.json"`));
    const file = (await res.json()) as ExportFile;
    expect(file).toMatchObject({ automation: { id: big }, run_count: 1, runs: [{ run_id: ids[7] }] });

    const filters = encodeURIComponent(JSON.stringify({ status: ["FAILED"], triggerType: "schedule", limit: 25 }));
    const list = await handleRunExportDownload(request(client, `automationId=${big}&filters=${filters}`), e.db);
    expect(list.status).toBe(200);
    expect(((await list.json()) as ExportFile).run_count).toBe(51);
  });

  it("refuses without a session and validates the filters", async () => {
    const anon = await handleRunExportDownload(request(null, `runId=${ids[7]}`), e.db);
    expect(anon.status).toBe(401);
    const client = new AuthClient(handlers);
    await client.signIn(e.ws.adminEmail, e.ws.password);
    const bad = await handleRunExportDownload(request(client, `automationId=${big}&filters=${encodeURIComponent('{"status":["NOPE"]}')}`), e.db);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/status/);
    expect((await handleRunExportDownload(request(client, "filters=not-json"), e.db)).status).toBe(400);
    const otherWs = new AuthClient(handlers);
    await otherWs.signIn(e.ws.otherAdminEmail, e.ws.password);
    expect((await handleRunExportDownload(request(otherWs, `runId=${ids[7]}`), e.db)).status).toBe(404);
  });
});
