import type { Db } from "@/server/db";
import { openStoredBodies } from "@/server/integrations/mail/redact";
import type { Graph } from "@/lib/graph/schema";
import { createRun } from "@/server/services/runs/create-run";
import { chain, createAutomation, edge, node, setVars, trigger, waitFor, waitForStatus } from "../engine/helpers";

/** Links (raw tokens) sent to each address, read from the outbox (SMTP_URL unset in tests: the sealed original, as an admin reads it). */
export async function linksByEmail(db: Db, runId: string): Promise<Map<string, string[]>> {
  const mails = await db.outboxEmail.findMany({ where: { runId }, orderBy: { createdAt: "asc" } });
  const out = new Map<string, string[]>();
  for (const m of mails) {
    const token = /\/approve\/([A-Za-z0-9_-]{43})/.exec(openStoredBodies(m, true).text)?.[1];
    if (!token) continue;
    const list = out.get(m.to) ?? [];
    list.push(token);
    out.set(m.to, list);
  }
  return out;
}

export async function tokenFor(db: Db, runId: string, email: string): Promise<string> {
  return waitFor(`a link for ${email}`, async () => (await linksByEmail(db, runId)).get(email)?.[0] ?? null);
}

/** trigger → approval → approved: setVars ok / rejected: setVars no / expired: setVars late */
export function approvalGraph(config: Record<string, unknown>): Graph {
  const g = chain([trigger(), node("approve", "approval", config, undefined, "Approve spend")]);
  g.nodes.push(setVars("ok", { branch: "approved" }), setVars("no", { branch: "rejected" }), setVars("late", { branch: "expired" }));
  g.edges.push(edge("approve", "ok", "approved"), edge("approve", "no", "rejected"), edge("approve", "late", "expired"));
  return g;
}

export async function startPaused(db: Db, workspaceId: string, graph: Graph, triggerData: Record<string, unknown> = {}) {
  const { automationId } = await createAutomation(db, workspaceId, graph, { name: "Spend approval" });
  const { runId } = await createRun({ workspaceId, automationId, triggerType: "manual", triggerData }, db);
  const run = await waitForStatus(db, runId, ["PAUSED", "FAILED", "COMPLETED"]);
  if (run.status !== "PAUSED") throw new Error(`run ${runId} is ${run.status}: ${run.error ?? ""}`);
  return { runId, automationId };
}

export async function branchTaken(db: Db, runId: string): Promise<string[]> {
  const steps = await db.stepRun.findMany({ where: { runId, status: "SUCCEEDED" }, select: { nodeId: true } });
  return steps.map((s) => s.nodeId).filter((id) => ["ok", "no", "late"].includes(id));
}
