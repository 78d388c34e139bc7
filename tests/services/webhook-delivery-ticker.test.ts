import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { memberActor } from "@/server/auth/actor";
import { createSubscription } from "@/server/services/webhook-subscriptions/create-subscription";
import { DeliveryTicker } from "@/server/services/webhook-subscriptions/delivery-ticker";
import { engineEnv } from "../engine/helpers";

/** The delivery loop reports (info log in server/runtime/schedules.ts) only passes that did something. */
let t: TestDb;
let ws: TestWorkspace;
beforeAll(async () => {
  engineEnv();
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "delivery-ticker");
});
afterAll(async () => t?.cleanup());

describe("DeliveryTicker", () => {
  it("idle passes are not reported; a pass that fans out and attempts a delivery is, once", async () => {
    const reported: unknown[] = [];
    const ticker = new DeliveryTicker({ db: t.db, onPass: (r) => reported.push(r) });
    const now = new Date();
    for (let i = 0; i < 3; i++) expect(await ticker.pass(new Date(now.getTime() + i * 1000))).toMatchObject({ fannedOut: 0, attempted: 0, pruned: 0 });
    expect(reported).toEqual([]);

    await createSubscription(memberActor(ws.adminId, ws.workspaceId, "ADMIN"), { url: "http://127.0.0.1:9/down", events: ["*"] }, t.db);
    await t.db.platformEvent.create({ data: { id: "evt_ticker_1", workspaceId: ws.workspaceId, type: "run.failed", data: "{}", occurredAt: now } });
    const busy = await ticker.pass(new Date(now.getTime() + 5000));
    expect(busy.fannedOut).toBeGreaterThan(0);
    expect(busy.attempted).toBe(1);
    expect(reported).toHaveLength(1);
    // The failed delivery waits for its retry: the next passes are idle again.
    await ticker.pass(new Date(now.getTime() + 6000));
    expect(reported).toHaveLength(1);
    await ticker.stop();
  });
});
