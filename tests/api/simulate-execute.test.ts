import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineEnv, setupEngineTest, startServer, type EngineTest, type TestServer } from "../engine/helpers";
import { apiClient, makeKey, type Call } from "./harness";

/**
 * POST /automations/:id/test simulates without side effects (no run row, no
 * HTTP request reaches a local server, conditions reported one by one, the
 * branch a condition node picks); POST …/actions/:action_id/execute runs one
 * action through the executor and records it as a test run; triggers rows
 * edit the draft's trigger filters (stage_changed refused).
 */
let t: EngineTest;
let call: Call;
let key: string;
let server: TestServer;

beforeAll(async () => {
  engineEnv();
  t = await setupEngineTest();
  call = apiClient(t.db);
  key = await makeKey(t.db, t.ws);
  server = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
});
afterAll(async () => {
  await server?.close();
  await t?.cleanup();
});

async function automationWithHttpStep(conditions?: unknown): Promise<{ id: string; httpId: string; varsId: string }> {
  const created = await call("POST", "/automations", { key, body: { name: "Sim", trigger_type: "manual", ...(conditions ? { conditions } : {}) } });
  const id = (created.json as { id: string }).id;
  const vars = await call("POST", `/automations/${id}/actions`, { key, body: { action_type: "set_variables", sequence: 1, name: "Vars", config: { variables: [{ key: "who", value: "{{trigger.name}}" }] } } });
  const http = await call("POST", `/automations/${id}/actions`, {
    key,
    body: { action_type: "http_request", sequence: 2, name: "Notify", config: { method: "POST", url: `${server.url}/hook`, bodyType: "json", body: '{"who":"{{vars.who}}"}' } },
  });
  expect(http.status, http.text).toBe(201);
  return { id, varsId: (vars.json as { id: string }).id, httpId: (http.json as { id: string }).id };
}

describe("POST /automations/:id/test (simulate)", () => {
  it("previews every action on the path, records no run and sends nothing", async () => {
    const a = await automationWithHttpStep({ "order.total": { gte: 100 } });
    const runsBefore = await t.db.run.count();
    const stepsBefore = await t.db.stepRun.count();
    const r = await call("POST", `/automations/${a.id}/test`, { key, body: { trigger_data: { name: "Ada", order: { total: 250 } } } });
    expect(r.status, r.text).toBe(200);
    const sim = r.json as { would_execute: boolean; conditions_matched: boolean; conditions: Array<{ field: string; passed: boolean; actual: unknown }>; actions_preview: Array<{ action_id: string; status: string; preview: Record<string, unknown> }> };
    expect(sim.would_execute).toBe(true);
    expect(sim.conditions_matched).toBe(true);
    expect(sim.conditions).toEqual([expect.objectContaining({ field: "order.total", passed: true, actual: 250 })]);
    expect(sim.actions_preview.map((p) => [p.action_id, p.status])).toEqual([[a.varsId, "preview"], [a.httpId, "preview"]]);
    expect(sim.actions_preview[0].preview).toEqual({ variables: { who: "Ada" } });
    expect(sim.actions_preview[1].preview).toMatchObject({ method: "POST", url: `${server.url}/hook`, body: '{"who":"Ada"}' });

    const miss = await call("POST", `/automations/${a.id}/test`, { key, body: { trigger_data: { order: { total: 5 } } } });
    expect(miss.json).toMatchObject({ would_execute: false, conditions_matched: false, actions_preview: [] });
    expect((miss.json as { conditions: Array<{ passed: boolean }> }).conditions[0].passed).toBe(false);

    await new Promise((res) => setTimeout(res, 200));
    expect(server.requests).toEqual([]);
    expect(await t.db.run.count()).toBe(runsBefore);
    expect(await t.db.stepRun.count()).toBe(stepsBefore);
  });

  it("404 for an unknown automation; needs automations:read only", async () => {
    expect((await call("POST", "/automations/nope/test", { key, body: {} })).status).toBe(404);
    const a = await automationWithHttpStep();
    const reader = await makeKey(t.db, t.ws, ["automations:read"], "reader");
    expect((await call("POST", `/automations/${a.id}/test`, { key: reader, body: {} })).status).toBe(200);
  });
});

describe("POST /automations/:id/actions/:action_id/execute", () => {
  it("runs only that action with trigger_data through the executor, recorded as a test run", async () => {
    const a = await automationWithHttpStep();
    const r = await call("POST", `/automations/${a.id}/actions/${a.varsId}/execute`, { key, body: { trigger_data: { name: "Grace" } } });
    expect(r.status, r.text).toBe(201);
    const run = r.json as { run_id: string; status: string; actions_total: number; action_results: Array<{ action_id: string; status: string; response: unknown }> };
    expect(run.status).toBe("completed");
    expect(run.action_results.map((x) => [x.action_id, x.status])).toEqual([[a.varsId, "succeeded"]]);
    expect(JSON.stringify(run.action_results[0].response)).toContain("Grace");
    const row = await t.db.run.findUniqueOrThrow({ where: { id: run.run_id } });
    expect(row).toMatchObject({ isTest: true, automationId: a.id, triggerType: "action" });
    const listed = await call("GET", `/automations/${a.id}/runs`, { key });
    expect((listed.json as { data: Array<{ run_id: string }> }).data.map((x) => x.run_id)).toContain(run.run_id);
    expect(server.requests).toEqual([]);
    expect((await call("POST", `/automations/${a.id}/actions/missing/execute`, { key, body: {} })).status).toBe(404);
  });
});

describe("/automations/:id/triggers", () => {
  it("rows are the trigger's source filters; stage_changed rows are refused with 400", async () => {
    const created = await call("POST", "/automations", { key, body: { name: "Events", trigger_type: "contact_created" } });
    const id = (created.json as { id: string }).id;
    const added = await call("POST", `/automations/${id}/triggers`, { key, body: { source_id: "src_9" } });
    expect(added.status, added.text).toBe(201);
    expect(added.json).toMatchObject({ id: "source_id", source_type: "contact_created", field: "source_id", value: "src_9" });
    expect((await call("GET", `/automations/${id}`, { key })).json).toMatchObject({ trigger_filters: { source_id: "src_9" } });
    const patched = await call("PATCH", `/automations/${id}/triggers/source_id`, { key, body: { value: "src_10" } });
    expect(patched.json).toMatchObject({ value: "src_10" });
    expect((await call("GET", `/automations/${id}/triggers`, { key })).json).toMatchObject({ data: [{ id: "source_id", value: "src_10" }] });
    expect((await call("DELETE", `/automations/${id}/triggers/source_id`, { key })).status).toBe(204);
    expect((await call("GET", `/automations/${id}/triggers`, { key })).json).toEqual({ data: [] });
    expect((await call("DELETE", `/automations/${id}/triggers/source_id`, { key })).status).toBe(404);

    const stage = await call("POST", "/automations", { key, body: { name: "Stage", trigger_type: "stage_changed", stage_id: "st_1" } });
    const sid = (stage.json as { id: string }).id;
    const refused = await call("POST", `/automations/${sid}/triggers`, { key, body: { source_id: "src_1" } });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/stage_id/);
    expect((await call("PATCH", `/automations/${sid}/triggers/stage_id`, { key, body: { value: "st_2" } })).status).toBe(400);
  });
});
