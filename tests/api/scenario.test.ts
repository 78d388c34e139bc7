import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineEnv, setupEngineTest, type EngineTest } from "../engine/helpers";
import { apiClient, makeKey, type Call } from "./harness";

/**
 * Written as a client of the seed docs (000/003) would: create a stage_changed
 * automation with stage_id and conditions, add two actions, reorder them,
 * enable it, emit a matching and a non-matching event, read back one completed
 * and one skipped run in the normalized shape, then simulate it with /test.
 */
interface Run {
  run_id: string;
  status: string;
  actions_total: number;
  actions_executed: number;
  actions_failed: number;
  actions_skipped: number;
  truncated: boolean;
  action_results: Array<{ action_id: string; action_type: string; status: string; request: unknown; response: unknown; error: string | null; duration_ms: number | null }>;
}

let t: EngineTest;
let call: Call;
let key: string;

beforeAll(async () => {
  engineEnv();
  t = await setupEngineTest();
  call = apiClient(t.db);
  key = await makeKey(t.db, t.ws);
});
afterAll(async () => {
  await t?.cleanup();
});

async function waitForRuns(automationId: string, n: number): Promise<Array<{ run_id: string; status: string }>> {
  for (let i = 0; i < 200; i++) {
    const r = await call("GET", `/automations/${automationId}/runs`, { key });
    const data = (r.json as { data: Array<{ run_id: string; status: string }> }).data;
    if (data.length >= n && data.every((x) => ["completed", "skipped", "failed"].includes(x.status))) return data;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error("runs did not finish");
}

describe("REST scenario (seed client)", () => {
  it("stage_changed automation: create, actions, reorder, enable, events → completed and skipped runs", async () => {
    const form = await call("POST", "/automations", { key, body: { name: "x", trigger_type: "form_submitted" } });
    expect(form.status).toBe(400);
    expect((form.json as { error: { message: string } }).error.message).toMatch(/form_completed/);
    const noStage = await call("POST", "/automations", { key, body: { name: "x", trigger_type: "stage_changed" } });
    expect(noStage.status).toBe(400);
    expect(JSON.stringify(noStage.json)).toMatch(/stage_id/);

    const created = await call("POST", "/automations", {
      key,
      body: { name: "VIP Lead Welcome", trigger_type: "stage_changed", stage_id: "st_won", conditions: { "deal.value": { gte: 5000 } }, description: "VIP only" },
    });
    expect(created.status).toBe(201);
    const auto = created.json as { id: string; trigger_type: string; stage_id: string; enabled: boolean; conditions: unknown[] };
    expect(auto).toMatchObject({ trigger_type: "stage_changed", stage_id: "st_won", enabled: false });
    expect(auto.conditions).toEqual([{ field: "deal.value", operator: "gte", value: 5000 }]);

    const a1 = await call("POST", `/automations/${auto.id}/actions`, { key, body: { action_type: "set_variables", sequence: 1, name: "Greet", config: { variables: [{ key: "greeting", value: "Hi {{trigger.contact.first_name}}" }] } } });
    expect(a1.status).toBe(201);
    const a2 = await call("POST", `/automations/${auto.id}/actions`, { key, body: { action_type: "set_variables", sequence: 2, name: "Tag", config: { variables: [{ key: "tag", value: "vip" }] } } });
    expect(a2.status).toBe(201);
    const id1 = (a1.json as { id: string }).id;
    const id2 = (a2.json as { id: string }).id;

    const reordered = await call("POST", `/automations/${auto.id}/actions/reorder`, { key, body: { action_ids: [id2, id1] } });
    expect(reordered.status).toBe(200);
    expect((reordered.json as { data: Array<{ id: string; sequence: number }> }).data.map((a) => [a.id, a.sequence])).toEqual([[id2, 1], [id1, 2]]);
    const listed = await call("GET", `/automations/${auto.id}/actions`, { key });
    expect((listed.json as { data: Array<{ id: string }> }).data.map((a) => a.id)).toEqual([id2, id1]);

    const enabled = await call("POST", `/automations/${auto.id}/enable`, { key });
    expect(enabled.status).toBe(200);
    expect(enabled.json).toMatchObject({ enabled: true, status: "active", published_version: 1 });

    const deal = { id: "dl_1", value: 7500 };
    const match = await call("POST", "/events", { key, body: { event_type: "stage_changed", data: { stage_id: "st_won", deal, contact: { first_name: "Ada" } } } });
    expect(match.status).toBe(201);
    expect((match.json as { run_count: number }).run_count).toBe(1);
    const low = await call("POST", "/events", { key, body: { event_type: "stage_changed", data: { stage_id: "st_won", deal: { id: "dl_2", value: 100 } } } });
    expect((low.json as { run_count: number }).run_count).toBe(1);
    const otherStage = await call("POST", "/events", { key, body: { event_type: "stage_changed", data: { stage_id: "st_lost", deal } } });
    expect((otherStage.json as { run_count: number }).run_count).toBe(0);

    const runs = await waitForRuns(auto.id, 2);
    expect(runs.map((r) => r.status).sort()).toEqual(["completed", "skipped"]);

    const completedId = runs.find((r) => r.status === "completed")!.run_id;
    const completed = (await call("GET", `/automations/runs/${completedId}`, { key })).json as Run;
    expect(completed).toMatchObject({ run_id: completedId, status: "completed", actions_total: 2, actions_executed: 2, actions_failed: 0, actions_skipped: 0, truncated: false });
    expect(completed.action_results.map((a) => a.action_id)).toEqual([id2, id1]);
    expect(completed.action_results[1]).toMatchObject({ action_type: "set_variables", status: "succeeded", error: null });
    expect(JSON.stringify(completed.action_results[1].response)).toContain("Hi Ada");

    const skippedId = runs.find((r) => r.status === "skipped")!.run_id;
    const skipped = (await call("GET", `/automations/runs/${skippedId}`, { key })).json as Run;
    expect(skipped).toMatchObject({ status: "skipped", actions_total: 0, actions_executed: 0, action_results: [] });

    const disabled = await call("POST", `/automations/${auto.id}/disable`, { key });
    expect(disabled.json).toMatchObject({ enabled: false, status: "paused" });

    // Simulate it with /test (seed 004): matching data previews both actions in order; nothing is recorded.
    const runsBefore = await t.db.run.count({ where: { automationId: auto.id } });
    const sim = await call("POST", `/automations/${auto.id}/test`, { key, body: { trigger_data: { stage_id: "st_won", deal, contact: { first_name: "Ada" } } } });
    expect(sim.status, sim.text).toBe(200);
    const preview = sim.json as { would_execute: boolean; conditions_matched: boolean; conditions: Array<{ field: string; operator: string; passed: boolean }>; actions_preview: Array<{ action_id: string; action_type: string; preview: unknown }> };
    expect(preview).toMatchObject({ would_execute: true, conditions_matched: true });
    expect(preview.conditions).toEqual([expect.objectContaining({ field: "deal.value", operator: "gte", passed: true })]);
    expect(preview.actions_preview.map((a) => a.action_id)).toEqual([id2, id1]);
    expect(JSON.stringify(preview.actions_preview[1].preview)).toContain("Hi Ada");
    const simLow = await call("POST", `/automations/${auto.id}/test`, { key, body: { trigger_data: { stage_id: "st_won", deal: { id: "dl_2", value: 100 } } } });
    expect(simLow.json).toMatchObject({ would_execute: false, conditions_matched: false, actions_preview: [] });
    expect(await t.db.run.count({ where: { automationId: auto.id } })).toBe(runsBefore);
  });
});
