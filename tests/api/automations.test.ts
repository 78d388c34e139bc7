import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/server/env";
import { createTestDb, seedTestWorkspace, type TestDb } from "@/server/testing/db";
import { edge, engineEnv, node, setupEngineTest, setVars, startServer, trigger, waitFor, waitForStatus, type EngineTest, type TestServer } from "../engine/helpers";
import { insertRun } from "../services/runs/helpers";
import { apiClient, body, makeKey, type Call } from "./harness";

/**
 * REST automations and runs, end to end through the handler with a real
 * engine runtime: PATCH conditions null, DELETE archives, reorder on a
 * branching draft, trigger's wait (completed / running), run filters, cancel,
 * trigger catalog 404 and seed shape, API key last use, validation listing
 * every field, Idempotency-Key on publish, DB paging with cursor / after.
 */
interface ApiErrorBody {
  error: { code: string; message: string; details: { issues?: Array<{ field: string; message: string; in: string }>; [k: string]: unknown } | null };
}
interface Automation {
  id: string;
  status: string;
  conditions: unknown[];
  trigger_type: string;
  triggers: Array<{ id: string; field: string; value: string; source_type: string; automation_id: string }>;
  actions: Array<{ id: string }>;
}
interface RunBody {
  run_id: string;
  status: string;
}
type List<T> = { data: T[]; next_cursor: string | null };

let t: EngineTest;
let call: Call;
let key: string;
let slow: TestServer;

function setWait(ms: number): void {
  process.env.API_TRIGGER_WAIT_MS = String(ms);
  resetEnvForTests();
}

beforeAll(async () => {
  engineEnv({ API_TRIGGER_WAIT_MS: "5000" });
  t = await setupEngineTest();
  call = apiClient(t.db);
  key = await makeKey(t.db, t.ws);
  slow = await startServer((_req, res) => {
    setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end("{}"), 1500);
  });
});
afterAll(async () => {
  delete process.env.API_TRIGGER_WAIT_MS;
  resetEnvForTests();
  await slow?.close();
  await t?.cleanup();
});

async function create(name: string, extra: Record<string, unknown> = {}): Promise<Automation> {
  const r = await call("POST", "/automations", { key, body: { name, trigger_type: "manual", ...extra } });
  expect(r.status, r.text).toBe(201);
  return body<Automation>(r);
}

async function addAction(id: string, name: string, sequence: number, config: Record<string, unknown> = { variables: [{ key: name, value: "1" }] }, type = "set_variables"): Promise<string> {
  const r = await call("POST", `/automations/${id}/actions`, { key, body: { action_type: type, sequence, name, config } });
  expect(r.status, r.text).toBe(201);
  return body<{ id: string }>(r).id;
}

describe("PATCH and DELETE /automations/:id", () => {
  it("PATCH { conditions: null } removes every condition", async () => {
    const a = await create("With conditions", { conditions: { "deal.value": { gte: 5000 }, tags: { contains: "VIP" } } });
    expect(a.conditions).toHaveLength(2);
    const patched = await call("PATCH", `/automations/${a.id}`, { key, body: { conditions: null } });
    expect(patched.status, patched.text).toBe(200);
    expect(body<Automation>(patched).conditions).toEqual([]);
    expect(body<Automation>(await call("GET", `/automations/${a.id}`, { key })).conditions).toEqual([]);
    expect(JSON.parse((await t.db.automation.findUniqueOrThrow({ where: { id: a.id } })).conditions)).toEqual([]);
  });

  it("DELETE answers 204 without a body; the automation is archived and leaves the list", async () => {
    const a = await create("To delete");
    const del = await call("DELETE", `/automations/${a.id}`, { key });
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    expect((await t.db.automation.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("ARCHIVED");
    const list = body<List<{ id: string }>>(await call("GET", "/automations?limit=100", { key }));
    expect(list.data.map((x) => x.id)).not.toContain(a.id);
    const archived = body<List<{ id: string; status: string }>>(await call("GET", "/automations?status=archived&limit=100", { key }));
    expect(archived.data.find((x) => x.id === a.id)?.status).toBe("archived");
    expect(body<Automation>(await call("GET", `/automations/${a.id}`, { key })).status).toBe("archived");
  });
});

describe("POST /automations/:id/actions/reorder", () => {
  it("answers 409 with the reason on a branching draft, and leaves the draft alone", async () => {
    const a = await create("Branching");
    const graph = {
      nodes: [trigger(), node("check", "condition", { conditions: [{ field: "trigger.x", operator: "eq", value: 1 }] }), setVars("yes", { y: "1" }), setVars("no", { n: "1" })],
      edges: [edge("trigger", "check"), edge("check", "yes", "true"), edge("check", "no", "false")],
    };
    await t.db.automation.update({ where: { id: a.id }, data: { draftGraph: JSON.stringify(graph) } });
    const before = (await t.db.automation.findUniqueOrThrow({ where: { id: a.id } })).draftGraph;
    const r = await call("POST", `/automations/${a.id}/actions/reorder`, { key, body: { action_ids: ["no", "yes", "check"] } });
    expect(r.status, r.text).toBe(409);
    const e = body<ApiErrorBody>(r).error;
    expect(e.code).toBe("conflict");
    expect(e.message).toMatch(/branches/);
    expect(typeof e.details?.reason).toBe("string");
    expect((await t.db.automation.findUniqueOrThrow({ where: { id: a.id } })).draftGraph).toBe(before);
  });
});

describe("POST /automations/:id/trigger", () => {
  it("waits for a quick run and answers it completed", async () => {
    setWait(5000);
    const a = await create("Quick");
    await addAction(a.id, "one", 1);
    expect((await call("POST", `/automations/${a.id}/enable`, { key })).status).toBe(200);
    const r = await call("POST", `/automations/${a.id}/trigger`, { key, body: { trigger_data: { n: 1 } } });
    expect(r.status, r.text).toBe(201);
    expect(body<RunBody>(r).status).toBe("completed");
  });

  it("answers running when the wait (API_TRIGGER_WAIT_MS) runs out first", async () => {
    const a = await create("Slow");
    await addAction(a.id, "call", 1, { method: "POST", url: `${slow.url}/slow`, bodyType: "json", body: "{}" }, "http_request");
    expect((await call("POST", `/automations/${a.id}/enable`, { key })).status).toBe(200);
    setWait(150);
    try {
      const started = Date.now();
      const r = await call("POST", `/automations/${a.id}/trigger`, { key, body: {} });
      expect(r.status, r.text).toBe(201);
      expect(Date.now() - started).toBeLessThan(1400);
      const run = body<RunBody>(r);
      expect(["running", "queued"]).toContain(run.status);
      await waitForStatus(t.db, run.run_id, ["COMPLETED"]);
    } finally {
      setWait(5000);
    }
  });
});

describe("GET /automations/:id/runs filters", () => {
  it("filters by status, from/to and trigger_type", async () => {
    const a = await create("Filtered runs");
    const w = t.ws.workspaceId;
    const at = (d: string) => new Date(`2025-03-${d}T10:00:00.000Z`);
    const ids = {
      c1: await insertRun(t.db, { automationId: a.id, workspaceId: w, status: "COMPLETED", triggerType: "manual", createdAt: at("01") }),
      f2: await insertRun(t.db, { automationId: a.id, workspaceId: w, status: "FAILED", triggerType: "event", createdAt: at("02"), error: "boom" }),
      s3: await insertRun(t.db, { automationId: a.id, workspaceId: w, status: "SKIPPED", triggerType: "event", createdAt: at("03") }),
      c4: await insertRun(t.db, { automationId: a.id, workspaceId: w, status: "COMPLETED", triggerType: "webhook", createdAt: at("04") }),
    };
    const ids_ = async (q: string) => body<List<{ run_id: string }>>(await call("GET", `/automations/${a.id}/runs${q}`, { key })).data.map((r) => r.run_id);
    expect(await ids_("")).toEqual([ids.c4, ids.s3, ids.f2, ids.c1]);
    expect(await ids_("?status=completed")).toEqual([ids.c4, ids.c1]);
    expect(await ids_("?status=failed,skipped")).toEqual([ids.s3, ids.f2]);
    expect(await ids_("?trigger_type=event")).toEqual([ids.s3, ids.f2]);
    expect(await ids_("?from=2025-03-02&to=2025-03-03T23:59:59Z")).toEqual([ids.s3, ids.f2]);
    expect(await ids_("?from=2025-03-02&status=completed")).toEqual([ids.c4]);
    expect(await ids_("?trigger_type=event&status=failed&to=2025-03-02T12:00:00Z")).toEqual([ids.f2]);
    const bad = await call("GET", `/automations/${a.id}/runs?status=done`, { key });
    expect(bad.status).toBe(400);
    expect(body<ApiErrorBody>(bad).error.details?.issues?.[0]).toMatchObject({ field: "status", in: "query" });
  });
});

describe("POST /automations/runs/:run_id/cancel", () => {
  it("cancels a paused run: 200 cancelled, the engine never continues it; a second cancel is 409", async () => {
    const a = await create("Paused");
    await addAction(a.id, "wait", 1, { mode: "duration", amount: 1, unit: "hours" }, "delay");
    await addAction(a.id, "after", 2);
    expect((await call("POST", `/automations/${a.id}/enable`, { key })).status).toBe(200);
    setWait(0);
    let runId: string;
    try {
      runId = body<RunBody>(await call("POST", `/automations/${a.id}/trigger`, { key, body: {} })).run_id;
    } finally {
      setWait(5000);
    }
    await waitForStatus(t.db, runId, ["PAUSED", "WAITING"]);
    const r = await call("POST", `/automations/runs/${runId}/cancel`, { key });
    expect(r.status, r.text).toBe(200);
    expect(body<RunBody>(r).status).toBe("cancelled");
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("CANCELLED");
    expect(await t.db.stepRun.count({ where: { runId, nodeId: "after" } })).toBe(0);
    const again = await call("POST", `/automations/runs/${runId}/cancel`, { key });
    expect(again.status).toBe(409);
    expect(body<ApiErrorBody>(again).error.code).toBe("conflict");
  });

  it("cancels a queued run (no engine on this database)", async () => {
    const db: TestDb = await createTestDb();
    try {
      const ws = await seedTestWorkspace(db.db, "cancel-queued");
      const k = await makeKey(db.db, ws);
      const c = apiClient(db.db);
      const a = body<Automation>(await c("POST", "/automations", { key: k, body: { name: "Queued", trigger_type: "manual" } }));
      const runId = await insertRun(db.db, { automationId: a.id, workspaceId: ws.workspaceId, status: "QUEUED" });
      const r = await c("POST", `/automations/runs/${runId}/cancel`, { key: k });
      expect(r.status, r.text).toBe(200);
      expect(body<RunBody>(r).status).toBe("cancelled");
      expect((await db.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("CANCELLED");
      const done = await insertRun(db.db, { automationId: a.id, workspaceId: ws.workspaceId, status: "COMPLETED" });
      expect((await c("POST", `/automations/runs/${done}/cancel`, { key: k })).status).toBe(409);
      expect((await db.db.run.findUniqueOrThrow({ where: { id: done } })).status).toBe("COMPLETED");
    } finally {
      await db.cleanup();
    }
  });
});

describe("trigger catalog (seed 003 Schemas)", () => {
  it("lists entries with trigger_type (and type) plus enriched_variables; one type too; an unknown type is a 404 envelope", async () => {
    const list = await call("GET", "/schemas/triggers", { key });
    expect(list.status).toBe(200);
    const l = body<{ data: Array<{ trigger_type: string; type: string }>; enriched_variables: Array<{ namespace: string }> }>(list);
    expect(l.data.length).toBeGreaterThan(3);
    for (const e of l.data) expect(e.trigger_type).toBe(e.type);
    expect(l.data.map((e) => e.trigger_type)).toContain("manual");
    expect(l.enriched_variables.map((v) => v.namespace)).toEqual(expect.arrayContaining(["steps.*", "vars.*"]));
    const one = body<{ trigger_type: string; enriched_variables: unknown[]; sample_trigger_data: unknown }>(await call("GET", "/schemas/triggers/manual", { key }));
    expect(one.trigger_type).toBe("manual");
    expect(one.enriched_variables).toEqual(l.enriched_variables);
    const missing = await call("GET", "/schemas/triggers/no_such_trigger", { key });
    expect(missing.status).toBe(404);
    expect(missing.headers["content-type"]).toMatch(/application\/json/);
    const e = body<ApiErrorBody>(missing).error;
    expect(e.code).toBe("not_found");
    expect(e.message).toMatch(/no_such_trigger/);
    expect(Object.keys(body<Record<string, unknown>>(missing))).toEqual(["error"]);
  });

  it("GET /automations/:id shows the trigger rows (seed 000: with its triggers and actions)", async () => {
    const a = await create("Rows", { trigger_type: "deal_updated" });
    const row = await call("POST", `/automations/${a.id}/triggers`, { key, body: { field: "pipeline_id", value: "pl_1" } });
    expect(row.status, row.text).toBe(201);
    const got = body<Automation>(await call("GET", `/automations/${a.id}`, { key }));
    const listed = body<{ data: unknown[] }>(await call("GET", `/automations/${a.id}/triggers`, { key })).data;
    expect(got.triggers).toEqual(listed);
    expect(got.triggers).toEqual([{ id: "pipeline_id", automation_id: a.id, source_type: "deal_updated", field: "pipeline_id", value: "pl_1" }]);
  });
});

describe("API keys and errors", () => {
  it("writes lastUsedAt when a key is used", async () => {
    const k = await makeKey(t.db, t.ws, ["automations:read"], "last used");
    const prefix = k.slice(0, 11);
    const before = await t.db.apiKey.findFirstOrThrow({ where: { prefix } });
    expect(before.lastUsedAt).toBeNull();
    const t0 = Date.now();
    expect((await call("GET", "/automations", { key: k })).status).toBe(200);
    const used = await waitFor("lastUsedAt", async () => (await t.db.apiKey.findUniqueOrThrow({ where: { id: before.id } })).lastUsedAt, 5000);
    expect(used.getTime()).toBeGreaterThanOrEqual(t0 - 1000);
    expect(used.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("a validation error lists every bad field", async () => {
    const r = await call("POST", "/automations", { key, body: { name: 5, trigger_type: 7, enabled: "yes" } });
    expect(r.status).toBe(400);
    const e = body<ApiErrorBody>(r).error;
    expect(e.code).toBe("validation_failed");
    const fields = (e.details?.issues ?? []).map((i) => i.field).sort();
    expect(fields).toEqual(["enabled", "name", "trigger_type"]);
    for (const f of fields) expect(e.message).toContain(f);
  });
});

describe("Idempotency-Key on POST /automations/:id/publish", () => {
  it("replays the first publish for the same key and body; another body with that key is 422", async () => {
    const a = await create("Publish idem");
    await addAction(a.id, "one", 1);
    const headers = { "idempotency-key": `pub-${a.id}` };
    const first = await call("POST", `/automations/${a.id}/publish`, { key, headers, body: { note: "v1" } });
    expect(first.status, first.text).toBe(201);
    const again = await call("POST", `/automations/${a.id}/publish`, { key, headers, body: { note: "v1" } });
    expect(again.status).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json).toEqual(first.json);
    expect(await t.db.automationVersion.count({ where: { automationId: a.id } })).toBe(1);
    const other = await call("POST", `/automations/${a.id}/publish`, { key, headers, body: { note: "another" } });
    expect(other.status).toBe(422);
    expect(body<ApiErrorBody>(other).error.code).toBe("idempotency_key_reused");
    expect(await t.db.automationVersion.count({ where: { automationId: a.id } })).toBe(1);
  });
});

describe("paging in the database (cursor, alias after)", () => {
  it("pages automations, versions and event schedules; after is the same as cursor", async () => {
    const db: TestDb = await createTestDb();
    try {
      const ws = await seedTestWorkspace(db.db, "paging");
      const k = await makeKey(db.db, ws);
      const c = apiClient(db.db);
      const made: string[] = [];
      for (let i = 0; i < 7; i++) made.push(body<Automation>(await c("POST", "/automations", { key: k, body: { name: `P${i}`, trigger_type: "manual" } })).id);
      const walk = async (path: string, param: "cursor" | "after") => {
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let pages = 0; pages < 10; pages++) {
          const sep = path.includes("?") ? "&" : "?";
          const r = await c("GET", `${path}${sep}limit=3${cursor ? `&${param}=${encodeURIComponent(cursor)}` : ""}`, { key: k });
          expect(r.status, r.text).toBe(200);
          const page = body<List<{ id: string }>>(r);
          expect(page.data.length).toBeLessThanOrEqual(3);
          seen.push(...page.data.map((x) => x.id));
          cursor = page.next_cursor;
          if (!cursor) return seen;
        }
        throw new Error("too many pages");
      };
      const all = body<List<{ id: string }>>(await c("GET", "/automations?limit=100", { key: k })).data.map((x) => x.id);
      expect([...all].sort()).toEqual([...made].sort());
      expect(await walk("/automations", "cursor")).toEqual(all);
      expect(await walk("/automations", "after")).toEqual(all);
      expect(await walk("/automations?search=p", "cursor")).toEqual(all);

      const mismatch = await c("GET", `/automations?cursor=abc&after=abd`, { key: k });
      expect(mismatch.status).toBe(400);
      expect(body<ApiErrorBody>(mismatch).error.details?.issues?.[0]).toMatchObject({ field: "after", in: "query" });
      const junk = await c("GET", `/automations?cursor=${encodeURIComponent("not a cursor!")}`, { key: k });
      expect(junk.status).toBe(400);
      expect(body<ApiErrorBody>(junk).error.details?.issues?.[0]).toMatchObject({ field: "cursor" });

      // versions: newest first, keyset on the number
      const id = made[0];
      const act = await c("POST", `/automations/${id}/actions`, { key: k, body: { action_type: "set_variables", sequence: 1, name: "a", config: { variables: [{ key: "a", value: "0" }] } } });
      expect(act.status, act.text).toBe(201);
      for (let v = 1; v <= 5; v++) {
        await c("PATCH", `/automations/${id}`, { key: k, body: { description: `rev ${v}` } });
        expect((await c("POST", `/automations/${id}/publish`, { key: k, body: { note: `v${v}` } })).status).toBe(201);
      }
      const versions = async (param: "cursor" | "after") => {
        const numbers: number[] = [];
        let cursor: string | null = null;
        do {
          const page: List<{ number: number }> = body<List<{ number: number }>>(await c("GET", `/automations/${id}/versions?limit=2${cursor ? `&${param}=${cursor}` : ""}`, { key: k }));
          numbers.push(...page.data.map((v) => v.number));
          cursor = page.next_cursor;
        } while (cursor);
        return numbers;
      };
      expect(await versions("cursor")).toEqual([5, 4, 3, 2, 1]);
      expect(await versions("after")).toEqual([5, 4, 3, 2, 1]);

      // event schedules: soonest next fire first, keyset on (next_fire_at, id)
      for (let i = 0; i < 5; i++) {
        const s = await c("POST", "/event-schedules", { key: k, body: { name: `S${i}`, cron_expression: `${i} 9 * * *`, timezone: "UTC", automation_id: made[1], is_active: i !== 2 } });
        expect(s.status, s.text).toBe(201);
      }
      const schedAll = body<List<{ id: string }>>(await c("GET", "/event-schedules?limit=100", { key: k })).data.map((x) => x.id);
      expect(schedAll).toHaveLength(5);
      expect(await walk("/event-schedules", "cursor")).toEqual(schedAll);
      expect(await walk("/event-schedules", "after")).toEqual(schedAll);
    } finally {
      await db.cleanup();
    }
  });
});
