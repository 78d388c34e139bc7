import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun } from "@/server/services/runs/create-run";
import { chain, createAutomation, engineEnv, setVars, trigger, waitFor, type EngineTest, setupEngineTest } from "./helpers";

engineEnv();

/**
 * The engine's commits and the app's own Prisma transactions share the database
 * in one process: read-then-write transactions (like saving a draft) must not
 * fail while runs commit steps, and the engine must not write inside them.
 */
describe("engine commits next to application transactions", () => {
  let t: EngineTest;
  beforeAll(async () => {
    t = await setupEngineTest();
  });
  afterAll(async () => t.cleanup());

  it("interactive transactions keep working while many runs commit steps", async () => {
    const graph = chain([trigger(), ...Array.from({ length: 8 }, (_, i) => setVars(`s${i}`, { [`v${i}`]: `{{trigger.n}}-${i}` }))]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    const runIds: string[] = [];
    for (let i = 0; i < 30; i++) runIds.push((await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { n: i } }, t.db)).runId);

    let txCount = 0;
    const errors: unknown[] = [];
    const deadline = Date.now() + 20_000;
    const writer = async () => {
      while (Date.now() < deadline && (await t.db.run.count({ where: { id: { in: runIds }, status: "COMPLETED" } })) < runIds.length) {
        try {
          await t.db.$transaction(async (tx) => {
            // read, then write (the pattern that fails with SQLITE_BUSY_SNAPSHOT when another connection commits in between)
            await tx.automation.findUniqueOrThrow({ where: { id: automationId } });
            await new Promise((r) => setTimeout(r, 2));
            await tx.automation.update({ where: { id: automationId }, data: { draftRevision: { increment: 1 } } });
          });
          txCount += 1;
        } catch (err) {
          errors.push(err);
        }
      }
    };
    const started = Date.now();
    await Promise.all([writer(), writer()]);
    // The engine is not starved by back-to-back application transactions.
    expect(Date.now() - started).toBeLessThan(15_000);
    await waitFor("all runs completed", async () => (await t.db.run.count({ where: { id: { in: runIds }, status: "COMPLETED" } })) === runIds.length);
    expect(errors).toEqual([]);
    expect(txCount).toBeGreaterThan(0);
    const a = await t.db.automation.findUniqueOrThrow({ where: { id: automationId } });
    expect(a.draftRevision).toBe(txCount);
    expect(await t.db.stepRun.count({ where: { runId: { in: runIds }, status: "SUCCEEDED" } })).toBe(runIds.length * 9);
  });
});
