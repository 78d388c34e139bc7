import { z } from "zod";
import { getDb, type Db, type DbOrTx } from "@/server/db";
import type { Graph, GraphNode } from "@/lib/graph/schema";
import { actionSequence, linearGraph } from "@/lib/graph/sequence";
import { findTrigger } from "@/lib/graph/traverse";
import { newEdgeId, newNodeId, uniqueName } from "@/lib/graph/edit-ops";
import { getNodeType } from "@/lib/nodes/registry";
import { AppError, type Actor } from "@/server/services/errors";
import { automationIdField } from "./fields";
import { parseInput, toFieldIssues } from "./input";
import { editDraft } from "./edit-draft";
import { parseStoredGraph } from "./serialize";
import { assertCan, findAutomationInWorkspace } from "./scope";

/**
 * Seed 000's actions sub-resource over the draft graph: the steps after the
 * trigger as an ordered sequence (1-based). Adding, moving and reordering need
 * a linear graph; a branching graph answers 409 with the reason (edit it on
 * the canvas). Updating or deleting one step works on any graph.
 */
export interface DraftAction {
  node: GraphNode;
  /** 1-based position; null on a branching graph. */
  sequence: number | null;
}

const actionIdField = z.string({ error: "action_id is required" }).min(1, "action_id is required").max(64);
const configField = z.record(z.string(), z.unknown(), { error: "config: must be an object" });
const nameField = z.string({ error: "name: must be text" }).trim().min(1, "name: must not be empty").max(80, "name: at most 80 characters");
const sequenceField = z.number({ error: "sequence: a whole number from 1" }).int("sequence: a whole number from 1").min(1, "sequence: a whole number from 1");

export const addActionInput = z.object({ automationId: automationIdField, action_type: z.string({ error: "action_type is required" }).trim().min(1, "action_type is required").max(64), sequence: sequenceField, config: configField.optional(), name: nameField.optional() });
export const updateActionInput = z.object({ automationId: automationIdField, actionId: actionIdField, config: configField.optional(), name: nameField.optional(), sequence: sequenceField.optional() });
export const actionRefInput = z.object({ automationId: automationIdField, actionId: actionIdField });
export const reorderActionsInput = z.object({ automationId: automationIdField, action_ids: z.array(actionIdField, { error: "action_ids: the ordered list of action ids" }).min(1, "action_ids: give every action id in the new order") });

function listOf(graph: Graph): DraftAction[] {
  const seq = actionSequence(graph);
  return seq.actions.map((node, i) => ({ node, sequence: seq.linear ? i + 1 : null }));
}

function requireLinear(graph: Graph, what: string): { trigger: GraphNode; actions: GraphNode[] } {
  const seq = actionSequence(graph);
  const trigger = findTrigger(graph);
  if (!seq.linear || !trigger) {
    const reason = seq.linear ? "the graph has no trigger" : seq.reason;
    throw new AppError("CONFLICT", `Cannot ${what}: this automation's graph branches (${reason}), so its steps have no single order; edit it on the canvas instead`, { reason });
  }
  return { trigger, actions: seq.actions };
}

function checkConfig(type: string, config: Record<string, unknown>): Record<string, unknown> {
  const def = getNodeType(type);
  if (!def) throw new AppError("BAD_REQUEST", `action_type: unknown type "${type}"; see GET /api/v1/schemas/actions`, { issues: [{ field: "action_type", message: "unknown action type" }] });
  if (def.kind === "trigger") throw new AppError("BAD_REQUEST", `action_type: "${type}" is a trigger; set trigger_type on the automation instead`, { issues: [{ field: "action_type", message: "is a trigger type" }] });
  const merged = { ...(def.defaultConfig as Record<string, unknown>), ...config };
  const r = def.configSchema.safeParse(merged);
  if (!r.success) {
    const issues = toFieldIssues(r.error).map((i) => ({ field: `config.${i.field}`, message: i.message }));
    throw new AppError("BAD_REQUEST", `Invalid config for ${type} — ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`, { issues });
  }
  return merged;
}

function findAction(graph: Graph, actionId: string): GraphNode {
  const node = graph.nodes.find((n) => n.id === actionId && getNodeType(n.type)?.kind !== "trigger");
  if (!node) throw new AppError("NOT_FOUND", "Action not found", { id: actionId });
  return node;
}

export async function listDraftActions(actor: Actor, input: { automationId: string }, db: DbOrTx = getDb()): Promise<DraftAction[]> {
  assertCan(actor, "automations:read");
  const row = await findAutomationInWorkspace(db, actor, input.automationId);
  return listOf(parseStoredGraph(row.draftGraph));
}

export async function addDraftAction(actor: Actor, input: z.input<typeof addActionInput>, db: Db = getDb()): Promise<DraftAction> {
  assertCan(actor, "automations:write");
  const data = parseInput(addActionInput, input);
  const config = checkConfig(data.action_type, data.config ?? {});
  const id = newNodeId();
  const row = await db.$transaction((tx) =>
    editDraft(tx, actor, data.automationId, "automation.action_added", ({ graph }) => {
      const { trigger, actions } = requireLinear(graph, "add an action by sequence");
      const name = uniqueName(data.name ?? getNodeType(data.action_type)?.label ?? data.action_type, graph.nodes.map((n) => n.name));
      const node: GraphNode = { id, type: data.action_type, name, config, position: { x: 0, y: 0 } };
      const at = Math.min(data.sequence, actions.length + 1) - 1;
      const ordered = [...actions.slice(0, at), node, ...actions.slice(at)];
      return { graph: linearGraph(trigger, ordered, newEdgeId), details: { actionId: id, type: data.action_type, sequence: at + 1 } };
    }),
  );
  return listOf(parseStoredGraph(row.draftGraph)).find((a) => a.node.id === id)!;
}

export async function updateDraftAction(actor: Actor, input: z.input<typeof updateActionInput>, db: Db = getDb()): Promise<DraftAction> {
  assertCan(actor, "automations:write");
  const data = parseInput(updateActionInput, input);
  const row = await db.$transaction((tx) =>
    editDraft(tx, actor, data.automationId, "automation.action_updated", ({ graph }) => {
      const node = findAction(graph, data.actionId);
      const updated: GraphNode = {
        ...node,
        ...(data.name !== undefined ? { name: uniqueName(data.name, graph.nodes.filter((n) => n.id !== node.id).map((n) => n.name)) } : {}),
        ...(data.config !== undefined ? { config: checkConfig(node.type, { ...node.config, ...data.config }) } : {}),
      };
      let next: Graph = { ...graph, nodes: graph.nodes.map((n) => (n.id === node.id ? updated : n)) };
      if (data.sequence !== undefined) {
        const { trigger, actions } = requireLinear(next, "move an action by sequence");
        const rest = actions.filter((a) => a.id !== node.id);
        const at = Math.min(data.sequence, rest.length + 1) - 1;
        next = linearGraph(trigger, [...rest.slice(0, at), updated, ...rest.slice(at)], newEdgeId);
      }
      return { graph: next, details: { actionId: node.id } };
    }),
  );
  return listOf(parseStoredGraph(row.draftGraph)).find((a) => a.node.id === data.actionId)!;
}

export async function deleteDraftAction(actor: Actor, input: z.input<typeof actionRefInput>, db: Db = getDb()): Promise<void> {
  assertCan(actor, "automations:write");
  const data = parseInput(actionRefInput, input);
  await db.$transaction((tx) =>
    editDraft(tx, actor, data.automationId, "automation.action_deleted", ({ graph }) => {
      const node = findAction(graph, data.actionId);
      // Reconnect predecessors to successors on the same handle so the chain stays whole.
      const into = graph.edges.filter((e) => e.target === node.id);
      const out = graph.edges.filter((e) => e.source === node.id);
      const kept = graph.edges.filter((e) => e.source !== node.id && e.target !== node.id);
      const bridged = into.flatMap((i) => out.filter((o) => o.sourceHandle === "next" || out.length === 1).map((o) => ({ id: newEdgeId(), source: i.source, sourceHandle: i.sourceHandle, target: o.target })));
      return { graph: { nodes: graph.nodes.filter((n) => n.id !== node.id), edges: [...kept, ...bridged] }, details: { actionId: node.id, type: node.type } };
    }),
  );
}

export async function reorderDraftActions(actor: Actor, input: z.input<typeof reorderActionsInput>, db: Db = getDb()): Promise<DraftAction[]> {
  assertCan(actor, "automations:write");
  const data = parseInput(reorderActionsInput, input);
  const row = await db.$transaction((tx) =>
    editDraft(tx, actor, data.automationId, "automation.actions_reordered", ({ graph }) => {
      const { trigger, actions } = requireLinear(graph, "reorder actions");
      const byId = new Map(actions.map((a) => [a.id, a]));
      const unknown = data.action_ids.filter((id) => !byId.has(id));
      const missing = actions.filter((a) => !data.action_ids.includes(a.id)).map((a) => a.id);
      if (unknown.length || missing.length || new Set(data.action_ids).size !== data.action_ids.length) {
        const message = `must list every action id exactly once${unknown.length ? `; unknown: ${unknown.join(", ")}` : ""}${missing.length ? `; missing: ${missing.join(", ")}` : ""}`;
        throw new AppError("BAD_REQUEST", `action_ids: ${message}`, { issues: [{ field: "action_ids", message }] });
      }
      return { graph: linearGraph(trigger, data.action_ids.map((id) => byId.get(id)!), newEdgeId), details: { order: data.action_ids } };
    }),
  );
  return listOf(parseStoredGraph(row.draftGraph));
}
