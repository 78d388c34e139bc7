import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkEnroll, BULK_ENROLL_MAX_ITEMS } from "@/server/services/automations/bulk-enroll";
import { setAutomationStatus } from "@/server/services/automations/set-automation-status";
import { archiveAutomation } from "@/server/services/automations/archive-automation";
import { chain, createAutomation, engineEnv, node, setupEngineTest, setVars, waitForStatus, type EngineTest } from "../engine/helpers";
import { callers, expectTrpcError } from "../trpc/harness";

engineEnv();

let t: EngineTest;
beforeAll(async () => {
  t = await setupEngineTest();
});
afterAll(async () => {
  await t?.cleanup();
});

/** manual trigger → delay (keeps runs pending while `hold`) → set_variables */
async function queueAutomation(hold: boolean): Promise<string> {
  const nodes = [node("trigger", "manual", { sampleData: {} }, undefined, "Trigger")];
  if (hold) nodes.push(node("wait", "delay", { mode: "duration", amount: 1, unit: "hours" }));
  nodes.push(setVars("mark", { who: "{{trigger.contact.id}}" }));
  const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain(nodes));
  return automationId;
}

const items = (keys: Array<string | undefined>) => keys.map((k, i) => ({ data: { contact: { id: k ?? `anon-${i}` } }, ...(k ? { dedupe_key: k } : {}) }));

describe("automations.bulkEnroll", () => {
  it("starts one bulk run per item and skips duplicate keys within the call", async () => {
    const id = await queueAutomation(false);
    const r = await bulkEnroll(t.admin, { automationId: id, items: items(["c1", "c2", "c1", undefined, undefined]) }, t.db);
    expect(r).toMatchObject({ enrolled: 4, skipped: 1, skippedKeys: ["c1"] });
    const runs = await t.db.run.findMany({ where: { automationId: id } });
    expect(runs).toHaveLength(4);
    expect(runs.every((x) => x.triggerType === "bulk")).toBe(true);
    expect(runs.map((x) => x.dedupeKey).sort()).toEqual([null, null, "c1", "c2"].sort());
    for (const runId of r.runIds) await waitForStatus(t.db, runId, ["COMPLETED"]);
    const c1 = runs.find((x) => x.dedupeKey === "c1")!;
    expect(JSON.parse(c1.triggerData)).toEqual({ contact: { id: "c1" } });
    // finished runs do not block a key: c1 can be enrolled again
    const again = await bulkEnroll(t.admin, { automationId: id, items: items(["c1"]) }, t.db);
    expect(again).toMatchObject({ enrolled: 1, skipped: 0 });
  });

  it("skips keys that already have a pending run of the automation (also across concurrent calls)", async () => {
    const id = await queueAutomation(true);
    const first = await bulkEnroll(t.admin, { automationId: id, items: items(["a", "b"]) }, t.db);
    expect(first.enrolled).toBe(2);
    for (const runId of first.runIds) await waitForStatus(t.db, runId, ["PAUSED"]);
    const second = await bulkEnroll(t.admin, { automationId: id, items: items(["a", "b", "c"]) }, t.db);
    expect(second).toMatchObject({ enrolled: 1, skipped: 2, skippedKeys: ["a", "b"] });

    const concurrent = await Promise.all(Array.from({ length: 4 }, () => bulkEnroll(t.admin, { automationId: id, items: items(["d", "e"]) }, t.db)));
    expect(concurrent.reduce((n, r) => n + r.enrolled, 0)).toBe(2);
    expect(await t.db.run.count({ where: { automationId: id, dedupeKey: { in: ["d", "e"] } } })).toBe(2);
    // another automation's pending run with the same key does not count
    const other = await queueAutomation(true);
    expect((await bulkEnroll(t.admin, { automationId: other, items: items(["a"]) }, t.db)).enrolled).toBe(1);
  });

  it(`accepts at most ${BULK_ENROLL_MAX_ITEMS} items and at least one; nothing is created on bad input`, async () => {
    const id = await queueAutomation(false);
    const many = Array.from({ length: BULK_ENROLL_MAX_ITEMS + 1 }, (_, i) => ({ data: { i } }));
    await expect(bulkEnroll(t.admin, { automationId: id, items: many }, t.db)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("at most 500 per call"),
    });
    await expect(bulkEnroll(t.admin, { automationId: id, items: [] }, t.db)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(bulkEnroll(t.admin, { automationId: id, items: [{ data: "nope" as never }] }, t.db)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("items.0.data"),
    });
    expect(await t.db.run.count({ where: { automationId: id } })).toBe(0);
    const full = await bulkEnroll(t.admin, { automationId: id, items: many.slice(0, BULK_ENROLL_MAX_ITEMS) }, t.db);
    expect(full.enrolled).toBe(BULK_ENROLL_MAX_ITEMS);
  });

  it("refuses paused, draft-only and archived automations with a clear error", async () => {
    const paused = await queueAutomation(false);
    await setAutomationStatus(t.admin, { id: paused, status: "PAUSED" }, t.db);
    await expect(bulkEnroll(t.admin, { automationId: paused, items: items(["x"]) }, t.db)).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      message: expect.stringContaining("paused: activate it"),
    });
    const { automationId: draft } = await createAutomation(t.db, t.ws.workspaceId, chain([node("trigger", "manual", {})]), { publish: false });
    await expect(bulkEnroll(t.admin, { automationId: draft, items: items(["x"]) }, t.db)).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      message: expect.stringContaining("no published version"),
    });
    const archived = await queueAutomation(false);
    await archiveAutomation(t.admin, { id: archived }, t.db);
    await expect(bulkEnroll(t.admin, { automationId: archived, items: items(["x"]) }, t.db)).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    expect(await t.db.run.count({ where: { automationId: { in: [paused, draft, archived] } } })).toBe(0);
  });

  it("is admin-only through tRPC and scoped to the workspace", async () => {
    const id = await queueAutomation(false);
    const c = await callers(t.db, t.ws);
    await expectTrpcError(c.specialist.automations.bulkEnroll({ automationId: id, items: items(["s"]) }), "FORBIDDEN", "specialist");
    await expectTrpcError(c.otherAdmin.automations.bulkEnroll({ automationId: id, items: items(["s"]) }), "NOT_FOUND", "other workspace");
    expect(await t.db.run.count({ where: { automationId: id } })).toBe(0);
    await expect(c.admin.automations.bulkEnroll({ automationId: id, items: items(["s"]) })).resolves.toMatchObject({ enrolled: 1 });
  });
});
