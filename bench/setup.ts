import type { Db } from "../server/db";

/** Shared bench fixtures: a workspace with one published automation. */
export interface BenchGraph {
  nodes: Array<{ id: string; type: string; name: string; config: Record<string, unknown>; position: { x: number; y: number } }>;
  edges: Array<{ id: string; source: string; sourceHandle: string; target: string }>;
}

export async function seedAutomation(db: Db, graph: BenchGraph, name = "Bench"): Promise<{ workspaceId: string; automationId: string }> {
  const ws = await db.workspace.create({ data: { name, slug: `bench-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` } });
  const text = JSON.stringify(graph);
  const a = await db.automation.create({ data: { workspaceId: ws.id, name, draftGraph: text, status: "ACTIVE", publishedVersion: 1 } });
  await db.automationVersion.create({ data: { automationId: a.id, workspaceId: ws.id, number: 1, graph: text } });
  return { workspaceId: ws.id, automationId: a.id };
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
