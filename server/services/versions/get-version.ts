import { getDb, type DbOrTx } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import type { Graph } from "@/lib/graph/schema";
import { maskInlineSecrets } from "@/lib/connections/inline-secrets";
import { actorCan } from "@/server/auth/actor";
import { assertCan, findAutomationInWorkspace, userNames } from "@/server/services/automations/scope";
import { parseGraph, safeJson } from "@/server/services/runs/normalize";
import type { VersionListItem } from "./list-versions";

export interface VersionDetail extends VersionListItem {
  automationId: string;
  /** The graph snapshot (null only if the stored snapshot no longer matches the graph schema). */
  graph: Graph | null;
  /** Automation-level conditions snapshot. */
  conditions: unknown;
}

/** Secrets typed into steps (before connections existed) are masked for read-only viewers. */
function masked(actor: Actor, graph: Graph | null): Graph | null {
  return graph && !actorCan(actor, "automations:write") ? maskInlineSecrets(graph) : graph;
}

/** One version with its graph, by automation and version number. */
export async function getVersion(actor: Actor, input: { automationId: string; number: number }, db: DbOrTx = getDb()): Promise<VersionDetail> {
  assertCan(actor, "automations:read");
  const automation = await findAutomationInWorkspace(db, actor, input.automationId);
  const row = await db.automationVersion.findFirst({
    where: { automationId: automation.id, workspaceId: actor.workspaceId, number: input.number },
  });
  if (!row) {
    throw new AppError("NOT_FOUND", `Version ${input.number} of this automation not found`, {
      automationId: automation.id,
      number: input.number,
    });
  }
  const names = await userNames(db, [row.publishedById]);
  const name = row.publishedById ? names.get(row.publishedById) : undefined;
  return {
    id: row.id,
    automationId: row.automationId,
    number: row.number,
    note: row.note,
    publishedAt: row.publishedAt,
    publishedBy: row.publishedById && name !== undefined ? { id: row.publishedById, name } : null,
    isPublished: row.number === automation.publishedVersion,
    graph: masked(actor, parseGraph(row.graph)),
    conditions: safeJson(row.conditions) ?? [],
  };
}
