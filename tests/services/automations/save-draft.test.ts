import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphNode } from "@/lib/graph/schema";
import { createAutomation } from "@/server/services/automations/create-automation";
import { getAutomation } from "@/server/services/automations/get-automation";
import { saveDraft } from "@/server/services/automations/save-draft";
import { archiveAutomation } from "@/server/services/automations/archive-automation";
import { auditRows, expectAppError, setup, type Fixture } from "./fixture";

let f: Fixture;
beforeAll(async () => {
  f = await setup();
});
afterAll(async () => {
  await f.t.cleanup();
});

const node = (id: string, type: string, y = 0): GraphNode => ({ id, type, name: id, config: {}, position: { x: 0, y } });

describe("saveDraft", () => {
  it("writes the graph, increments the revision, updates trigger type and step count, audits", async () => {
    const a = await createAutomation(f.admin, { name: "Draft" }, f.t.db);
    const graph = {
      nodes: [node("t", "manual"), node("c", "condition", 100), node("m", "send_email", 200)],
      edges: [{ id: "e1", source: "t", sourceHandle: "next", target: "c" }],
    };
    const result = await saveDraft(f.admin, { id: a.id, graph, baseRevision: 0 }, f.t.db);
    expect(result.draftRevision).toBe(1);
    expect(result.updatedAt).toBeInstanceOf(Date);
    const got = await getAutomation(f.admin, { id: a.id }, f.t.db);
    expect(got.draftRevision).toBe(1);
    expect(got.triggerType).toBe("manual");
    expect(got.stepCount).toBe(2);
    expect(got.draftGraph.nodes.map((n) => n.id)).toEqual(["t", "c", "m"]);
    // defaults from the graph schema are applied on save
    expect(got.draftGraph.edges[0]).toEqual({ id: "e1", source: "t", sourceHandle: "next", target: "c" });
    const audit = await auditRows(f, a.id);
    expect(audit.at(-1)?.action).toBe("automation.draft_saved");
    expect(JSON.parse(audit.at(-1)?.details ?? "{}")).toEqual({ revision: 1, nodes: 3, edges: 1 });
  });

  it("allows semantic problems (dangling edge, no trigger) but not structural ones", async () => {
    const a = await createAutomation(f.admin, { name: "Loose draft" }, f.t.db);
    const loose = {
      nodes: [node("only", "http_request")],
      edges: [{ id: "e1", source: "only", target: "missing" }],
    };
    const saved = await saveDraft(f.admin, { id: a.id, graph: loose, baseRevision: 0 }, f.t.db);
    expect(saved.draftRevision).toBe(1);
    const got = await getAutomation(f.admin, { id: a.id }, f.t.db);
    expect(got.triggerType).toBe("none");
    expect(got.stepCount).toBe(1);

    const broken = { nodes: [{ id: "bad id!", type: "manual", name: "", config: {}, position: { x: 0, y: 0 } }], edges: [] };
    const error = await expectAppError(saveDraft(f.admin, { id: a.id, graph: broken, baseRevision: 1 }, f.t.db), "BAD_REQUEST");
    expect(error.details?.issues).toEqual(
      expect.arrayContaining([
        { field: "graph.nodes.0.id", message: "node id: 1–64 letters, digits, _ or -" },
        { field: "graph.nodes.0.name", message: "name is required" },
      ]),
    );
    expect((await getAutomation(f.admin, { id: a.id }, f.t.db)).draftRevision).toBe(1);
  });

  it("detects a stale baseRevision: CONFLICT with current revision, who and when; nothing written", async () => {
    const a = await createAutomation(f.admin, { name: "Contended" }, f.t.db);
    const first = await saveDraft(
      f.admin,
      { id: a.id, graph: { nodes: [node("trigger", "manual"), node("x", "delay")], edges: [] }, baseRevision: 0 },
      f.t.db,
    );
    const auditBefore = (await auditRows(f, a.id)).length;
    const error = await expectAppError(
      saveDraft(f.admin, { id: a.id, graph: { nodes: [node("trigger", "manual")], edges: [] }, baseRevision: 0 }, f.t.db),
      "CONFLICT",
    );
    expect(error.details).toMatchObject({
      currentRevision: 1,
      updatedBy: { id: f.ws.adminId, name: expect.any(String) },
      updatedAt: first.updatedAt,
    });
    expect(error.message).toContain("your revision 0, current revision 1");
    const got = await getAutomation(f.admin, { id: a.id }, f.t.db);
    expect(got.draftRevision).toBe(1);
    expect(got.draftGraph.nodes).toHaveLength(2);
    expect((await auditRows(f, a.id)).length).toBe(auditBefore);
  });

  it("lets exactly one of two concurrent saves with the same base win", async () => {
    const a = await createAutomation(f.admin, { name: "Race" }, f.t.db);
    const save = (name: string) =>
      saveDraft(f.admin, { id: a.id, graph: { nodes: [{ ...node("trigger", "manual"), name }], edges: [] }, baseRevision: 0 }, f.t.db);
    const results = await Promise.allSettled([save("A"), save("B")]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const failed = results.filter((r) => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect((failed[0] as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    expect((await getAutomation(f.admin, { id: a.id }, f.t.db)).draftRevision).toBe(1);
  });

  it("answers NOT_FOUND for another workspace and CONFLICT for archived automations", async () => {
    const a = await createAutomation(f.admin, { name: "Guarded" }, f.t.db);
    const graph = { nodes: [node("trigger", "manual")], edges: [] };
    await expectAppError(saveDraft(f.otherAdmin, { id: a.id, graph, baseRevision: 0 }, f.t.db), "NOT_FOUND");
    await archiveAutomation(f.admin, { id: a.id }, f.t.db);
    await expectAppError(saveDraft(f.admin, { id: a.id, graph, baseRevision: 0 }, f.t.db), "CONFLICT");
    expect((await f.t.db.automation.findUniqueOrThrow({ where: { id: a.id } })).draftRevision).toBe(0);
  });

  it("requires baseRevision", async () => {
    const a = await createAutomation(f.admin, { name: "No base" }, f.t.db);
    const error = await expectAppError(
      saveDraft(f.admin, { id: a.id, graph: { nodes: [], edges: [] } } as never, f.t.db),
      "BAD_REQUEST",
    );
    expect(error.details?.issues).toEqual([
      { field: "baseRevision", message: "baseRevision is required: the draftRevision you loaded" },
    ]);
  });
});
