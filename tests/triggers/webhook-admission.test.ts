import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishRunResult } from "@/server/runtime/run-results";
import { createAdmission } from "@/server/triggers/webhook/admission";
import { waitForStatus } from "../engine/helpers";
import { post, setupHookTest, type HookTest } from "./webhook-harness";

/**
 * Webhook backpressure: once INGRESS_MAX_BACKLOG accepted runs wait for their
 * first execution, new requests wait for the engine to catch up, and are
 * refused with 503 + Retry-After if it does not within INGRESS_MAX_WAIT_MS.
 */
describe("webhook admission", () => {
  it("lets a waiting request in as soon as a run is executed; refuses after the wait", async () => {
    const a = createAdmission({ maxBacklog: 2, maxWaitMs: 300 });
    expect(await a.admit()).toBe(true);
    a.created("adm-a");
    expect(await a.admit()).toBe(true);
    a.created("adm-b");
    let third: boolean | null = null;
    const pending = a.admit().then((v) => (third = v));
    await new Promise((r) => setTimeout(r, 50));
    expect(third).toBeNull();
    publishRunResult("adm-a", { kind: "finished", status: "COMPLETED" });
    await pending;
    expect(third).toBe(true);
    a.created("adm-c");
    expect(a.backlog()).toBe(2);
    const started = Date.now();
    expect(await a.admit()).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("forgets runs it never hears about (a lost signal cannot block the ingress)", async () => {
    let t = 0;
    const a = createAdmission({ maxBacklog: 1, maxWaitMs: 50, forgetMs: 1_000, now: () => t });
    a.created("adm-x");
    expect(await a.admit()).toBe(false);
    t = 2_000;
    expect(await a.admit()).toBe(true);
    expect(a.backlog()).toBe(0);
  });
});

describe("webhook ingress under a full backlog", () => {
  let h: HookTest;
  beforeAll(async () => {
    process.env.INGRESS_MAX_BACKLOG = "3";
    process.env.INGRESS_MAX_WAIT_MS = "400";
    h = await setupHookTest();
  });
  afterAll(async () => {
    delete process.env.INGRESS_MAX_BACKLOG;
    delete process.env.INGRESS_MAX_WAIT_MS;
    await h.cleanup();
  });

  it("answers 503 with Retry-After while the engine is behind, and accepts again once it caught up", async () => {
    const { url } = await h.hook();
    await h.rt.dispatcher.stop();
    const accepted: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await post(url, JSON.stringify({ i }));
      expect(r.status).toBe(202);
      accepted.push(String(r.json.run_id));
    }
    const refused = await post(url, JSON.stringify({ i: 3 }));
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(refused.json).toMatchObject({ error: { code: "BUSY" } });
    // Nothing was created for the refused request.
    expect(await h.db.run.count({ where: { triggerType: "webhook", automation: { workspaceId: h.ws.workspaceId } } })).toBe(3);

    await h.restart();
    for (const id of accepted) await waitForStatus(h.db, id, ["COMPLETED"]);
    const again = await post(url, JSON.stringify({ i: 4 }));
    expect(again.status).toBe(202);
  });
});
