import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chain, createAutomation, engineEnv, node, setVars, setupEngineTest, waitForStatus, type EngineTest } from "../engine/helpers";
import { callers } from "./harness";

engineEnv();

/**
 * snake_case lives only in the REST presenters (server/api/presenters): tRPC outputs are camelCase.
 * Fields whose keys come from user data (trigger data, step payloads, variables, graphs, JSON Schemas of
 * user/event fields) are not walked: their keys are whatever the user or the seed's event types chose.
 */
const USER_DATA_FIELDS = new Set([
  "triggerData",
  "request",
  "response",
  "variables",
  "graph",
  "conditions",
  "conditionsResult",
  "configSchema",
  "sampleTriggerData",
]);

function snakeKeys(value: unknown, path = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => snakeKeys(v, `${path}[${i}]`));
  if (value === null || typeof value !== "object" || value instanceof Date) return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(k.includes("_") ? [`${path}.${k}`] : []),
    ...(USER_DATA_FIELDS.has(k) ? [] : snakeKeys(v, `${path}.${k}`)),
  ]);
}

let t: EngineTest;
let c: Awaited<ReturnType<typeof callers>>;
beforeAll(async () => {
  t = await setupEngineTest();
  c = await callers(t.db, t.ws);
});
afterAll(async () => {
  await t?.cleanup();
});

describe("tRPC outputs have no snake_case envelope keys", () => {
  it("automations.bulkEnroll, runs.list/get/steps/step, triggerTypes.list/get", async () => {
    const graph = chain([node("trigger", "manual", { sampleData: {} }, undefined, "Trigger"), setVars("mark", { contact_ref: "{{trigger.contact_id}}" })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);

    const enrolled = await c.admin.automations.bulkEnroll({
      automationId,
      items: [
        { data: { contact_id: "c1", nested_obj: { deep_key: 1 } }, dedupe_key: "k1" },
        { data: { contact_id: "c1" }, dedupe_key: "k1" },
      ],
    });
    expect(enrolled).toMatchObject({ enrolled: 1, skipped: 1, skippedKeys: ["k1"] });
    expect(snakeKeys(enrolled)).toEqual([]);
    const runId = enrolled.runIds[0];
    await waitForStatus(t.db, runId, ["COMPLETED"]);

    const run = await c.admin.runs.get({ runId });
    // the walk skips user data: make sure there is some, so the check is not vacuous
    expect(run.triggerData).toMatchObject({ contact_id: "c1" });
    expect(run.nodes.length).toBeGreaterThan(0);
    expect(snakeKeys(run)).toEqual([]);

    const steps = await c.admin.runs.steps({ runId });
    expect(snakeKeys(steps)).toEqual([]);
    const step = await c.admin.runs.step({ runId, stepId: steps.items[0].id });
    expect(step).toMatchObject({ runId, nodeId: steps.items[0].nodeId });
    expect(snakeKeys(step)).toEqual([]);

    expect(snakeKeys(await c.admin.runs.list({ automationId }))).toEqual([]);
    expect(snakeKeys(await c.admin.triggerTypes.list())).toEqual([]);
    expect(snakeKeys(await c.admin.triggerTypes.get({ type: "stage_changed" }))).toEqual([]);
  });

  it("the walk finds a snake_case envelope key", () => {
    expect(snakeKeys({ items: [{ runId: "r", action_results: [] }], triggerData: { contact_id: 1 } })).toEqual(["$.items[0].action_results"]);
  });
});
