import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { callers, expectTrpcError } from "./harness";

/** automations.simulate: the same service as POST /api/v1/automations/:id/test; members may simulate, nothing is recorded. */
let t: TestDb;
let ws: TestWorkspace;
let c: Awaited<ReturnType<typeof callers>>;
let automationId: string;

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "simulate");
  c = await callers(t.db, ws);
  automationId = (await c.admin.automations.create({ name: "Simulated" })).id;
});
afterAll(async () => {
  await t.cleanup();
});

describe("automations.simulate", () => {
  it("a specialist can simulate the draft; the trigger is the path; no run is recorded", async () => {
    const sim = await c.specialist.automations.simulate({ automationId, triggerData: { a: 1 } });
    expect(sim).toMatchObject({ automationId, wouldExecute: true, conditionsMatched: true, conditions: [] });
    expect(sim.steps.length).toBeGreaterThanOrEqual(1);
    expect(sim.steps[0]).toMatchObject({ status: "preview", preview: { output: { a: 1 } } });
    expect(await t.db.run.count()).toBe(0);
  });

  it("another workspace's automation: NOT_FOUND; signed out: UNAUTHORIZED", async () => {
    await expectTrpcError(c.otherAdmin.automations.simulate({ automationId }), "NOT_FOUND", "other workspace");
    await expectTrpcError(c.anonymous.automations.simulate({ automationId }), "UNAUTHORIZED", "anonymous");
  });
});
