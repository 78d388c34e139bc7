import type { DbOrTx } from "@/server/db";
import { nodeConnectionUse } from "@/lib/connections/refs";
import { getNodeType } from "@/lib/nodes/registry";
import { parseGraph } from "@/server/services/runs/normalize";

/**
 * Which automations use which connections (seed 001: count usage, trace usage).
 * A graph uses a connection when a connection field holds its id or a template
 * names it ({{connections.<name>.…}}). Drafts and every published version count.
 */
export interface ConnectionUsageNode {
  id: string;
  name: string;
}

export interface ConnectionUsage {
  automationId: string;
  automationName: string;
  status: string;
  /** The draft uses it (these steps). */
  draftNodes: ConnectionUsageNode[];
  /** Published versions that use it. */
  versions: number[];
}

interface Target {
  id: string;
  name: string;
}

function usingNodes(graphText: string, target: Target): ConnectionUsageNode[] {
  // cheap pre-check before parsing
  if (!graphText.includes(target.id) && !graphText.includes("connections")) return [];
  const graph = parseGraph(graphText);
  if (!graph) return [];
  return graph.nodes
    .filter((n) => {
      const use = nodeConnectionUse(n, getNodeType(n.type));
      return use.ids.includes(target.id) || use.names.includes(target.name);
    })
    .map((n) => ({ id: n.id, name: n.name }));
}

/** Every automation of the workspace that uses any of `targets`, per target id. */
export async function traceUsage(db: DbOrTx, workspaceId: string, targets: readonly Target[]): Promise<Map<string, ConnectionUsage[]>> {
  const result = new Map<string, ConnectionUsage[]>(targets.map((t) => [t.id, []]));
  if (targets.length === 0) return result;
  const automations = await db.automation.findMany({
    where: { workspaceId },
    select: { id: true, name: true, status: true, draftGraph: true },
    orderBy: { name: "asc" },
  });
  const versions = await db.automationVersion.findMany({
    where: { workspaceId },
    select: { automationId: true, number: true, graph: true },
    orderBy: { number: "asc" },
  });
  for (const t of targets) {
    const list = result.get(t.id)!;
    for (const a of automations) {
      const draftNodes = usingNodes(a.draftGraph, t);
      const used = versions.filter((v) => v.automationId === a.id && usingNodes(v.graph, t).length > 0).map((v) => v.number);
      if (draftNodes.length > 0 || used.length > 0) list.push({ automationId: a.id, automationName: a.name, status: a.status, draftNodes, versions: used });
    }
  }
  return result;
}
