import type { Db } from "../server/db";
import { generateApiKey } from "../server/auth/api-keys";
import { API_KEY_SCOPES } from "../server/auth/permissions";
import { hashPassword } from "../server/auth/password";

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

/** An admin of the workspace (to sign in with) and an API key with every scope; returns the key. */
export async function seedAdmin(db: Db, workspaceId: string, email: string, password: string): Promise<string> {
  const user = await db.user.create({ data: { email, name: "Bench admin", passwordHash: await hashPassword(password) } });
  await db.membership.create({ data: { userId: user.id, workspaceId, role: "ADMIN" } });
  const { key, prefix, keyHash } = generateApiKey();
  await db.apiKey.create({ data: { workspaceId, name: "bench", prefix, keyHash, scopes: JSON.stringify(API_KEY_SCOPES), createdById: user.id } });
  return key;
}

/** The 6-node CPU-bound graph of bench:engine and bench:scale: manual trigger → condition (amount > 10) → 3 × set_variables → stop. */
export const cpuBenchGraph: BenchGraph = {
  nodes: [
    { id: "trigger", type: "manual", name: "Trigger", config: { sampleData: {} }, position: { x: 0, y: 0 } },
    {
      id: "check",
      type: "condition",
      name: "Big order",
      config: { match: "all", groups: [{ match: "all", conditions: [{ field: "trigger.amount", operator: "gt", value: 10 }] }] },
      position: { x: 0, y: 100 },
    },
    ...[1, 2, 3].map((i) => ({
      id: `set${i}`,
      type: "set_variables",
      name: `Set ${i}`,
      config: { variables: [{ key: `v${i}`, value: `{{trigger.customer}}-${i}-{{vars.v${i - 1}}}` }] },
      position: { x: 0, y: 100 + i * 100 },
    })),
    { id: "end", type: "stop", name: "Stop", config: { status: "completed", message: "ok" }, position: { x: 0, y: 500 } },
  ],
  edges: [
    { id: "e1", source: "trigger", sourceHandle: "next", target: "check" },
    { id: "e2", source: "check", sourceHandle: "true", target: "set1" },
    { id: "e3", source: "set1", sourceHandle: "next", target: "set2" },
    { id: "e4", source: "set2", sourceHandle: "next", target: "set3" },
    { id: "e5", source: "set3", sourceHandle: "next", target: "end" },
  ],
};
