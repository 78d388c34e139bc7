import { z } from "zod";
import { getDb, type DbOrTx } from "@/server/db";
import type { Graph, GraphNode } from "@/lib/graph/schema";
import { findTrigger, outgoing } from "@/lib/graph/traverse";
import { evaluateConditions, type ConditionResult } from "@/lib/conditions";
import { getNodeType } from "@/lib/nodes/registry";
import { isRawConfigPath, type FieldMetaMap } from "@/lib/nodes/field-meta";
import { buildStepsScope, resolveDeep } from "@/lib/templates";
import type { JsonValue, NodeContext, NodeServices } from "@/server/engine/contract";
import { getExecutor } from "@/server/nodes/registry";
import { AppError, type Actor } from "@/server/services/errors";
import { automationIdField } from "./fields";
import { parseInput } from "./input";
import { getAutomation } from "./get-automation";
import { assertCan } from "./scope";

/**
 * Test/simulate (seed 004): what a run of the draft would do with this trigger
 * data, without doing it. Conditions are evaluated one by one; then, from the
 * trigger, each node on the path that would run is asked for its `preview()`
 * (templates resolved against the trigger data and earlier previews; condition
 * nodes pick their branch). Nothing is sent, stored or started: the node
 * services handed to previews refuse every side effect, and no run is recorded.
 */
export const simulateAutomationInput = z.object({
  automationId: automationIdField,
  triggerData: z.record(z.string(), z.unknown(), { error: "triggerData: must be a JSON object" }).default({}),
});
export type SimulateAutomationInput = z.input<typeof simulateAutomationInput>;

export interface SimulatedStep {
  nodeId: string;
  nodeType: string;
  nodeName: string;
  /** preview: what it would do; error: its preview failed (the run would fail here) */
  status: "preview" | "error";
  preview: JsonValue;
  error: string | null;
  /** The output handle the run would follow (condition: true/false). */
  handle: string | null;
  warnings: string[];
}

export interface SimulationResult {
  automationId: string;
  draftRevision: number;
  wouldExecute: boolean;
  conditionsMatched: boolean;
  conditions: ConditionResult[];
  /** Nodes on the path that would run, in order (the trigger first). */
  path: string[];
  steps: SimulatedStep[];
  /** Edge ids along the path (for highlighting). */
  edges: string[];
}

/** More steps than any sane draft walks in one pass (loops are previewed once). */
const MAX_STEPS = 200;

function refuse(what: string): never {
  throw new Error(`Simulation: ${what} is not performed (nothing is sent or started)`);
}

/** Ports that refuse every side effect; previews only read `now`. */
function simulationServices(now: Date): NodeServices {
  return {
    http: { request: () => refuse("an HTTP request") },
    mailer: { send: () => refuse("sending an email") },
    sandbox: { run: () => refuse("running code") },
    childRuns: new Proxy({}, { get: () => () => refuse("starting a child run") }),
    notifier: new Proxy({}, { get: () => () => refuse("sending a notification") }),
    now: () => now,
  } as unknown as NodeServices;
}

function asJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value) ?? "null") as JsonValue;
}

/** The handles a node's preview leads to. */
function handlesOf(node: GraphNode, preview: JsonValue): string[] {
  const p = preview && typeof preview === "object" && !Array.isArray(preview) ? (preview as Record<string, JsonValue>) : {};
  if (typeof p.handle === "string") return [p.handle];
  if (node.type === "stop") return [];
  if (node.type === "loop") return ["item", "done"];
  return ["next"];
}

/** The part of a preview later steps see as the step's output. */
function outputOf(preview: JsonValue): JsonValue {
  if (preview && typeof preview === "object" && !Array.isArray(preview) && "output" in preview) return (preview as Record<string, JsonValue>).output;
  return preview;
}

export async function simulateGraph(ids: { workspaceId: string; automationId: string }, graph: Graph, triggerData: Record<string, unknown>, now = new Date()): Promise<Pick<SimulationResult, "path" | "steps" | "edges">> {
  const trigger = findTrigger(graph);
  if (!trigger) throw new AppError("UNPROCESSABLE", "The draft has no trigger: add one on the canvas before simulating it");
  const services = simulationServices(now);
  const outputs: Record<string, unknown> = {};
  const vars: Record<string, JsonValue> = {};
  const steps: SimulatedStep[] = [];
  const edges: string[] = [];
  const queue: string[] = [trigger.id];
  const seen = new Set<string>();
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const triggerJson = asJson(triggerData);
  while (queue.length > 0 && steps.length < MAX_STEPS) {
    const node = byId.get(queue.shift()!);
    if (!node || seen.has(node.id)) continue;
    seen.add(node.id);
    const scope = { trigger: triggerJson, steps: buildStepsScope(graph.nodes, outputs) as Record<string, JsonValue>, vars, now };
    const meta = (getNodeType(node.type) as { fieldMeta?: FieldMetaMap } | undefined)?.fieldMeta;
    const resolved = resolveDeep(node.config, scope, { onMissing: "keep", ...(meta ? { skip: (p) => isRawConfigPath(meta, p) } : {}) });
    const executor = getExecutor(node.type);
    const ctx: NodeContext = {
      workspaceId: ids.workspaceId,
      automationId: ids.automationId,
      runId: "simulation",
      nodeId: node.id,
      nodeName: node.name,
      idempotencyKey: `simulation:${node.id}:`,
      attempt: 1,
      config: asJson(resolved.value),
      rawConfig: asJson(node.config),
      scope: { trigger: triggerJson, steps: scope.steps, vars },
      signal: new AbortController().signal,
      timeoutMs: 5_000,
      services,
    };
    let step: SimulatedStep;
    try {
      if (!executor) throw new Error(`Unknown node type ${node.type}`);
      const preview = asJson(await executor.preview(ctx));
      const handles = handlesOf(node, preview);
      step = { nodeId: node.id, nodeType: node.type, nodeName: node.name, status: "preview", preview, error: null, handle: handles[0] ?? null, warnings: resolved.warnings };
      outputs[node.id] = outputOf(preview);
      const p = preview as Record<string, JsonValue> | null;
      if (node.type === "set_variables" && p && typeof p.variables === "object" && p.variables && !Array.isArray(p.variables)) Object.assign(vars, p.variables);
      for (const h of handles) {
        for (const e of outgoing(graph, node.id, h)) {
          edges.push(e.id);
          queue.push(e.target);
        }
      }
    } catch (err) {
      step = { nodeId: node.id, nodeType: node.type, nodeName: node.name, status: "error", preview: null, error: err instanceof Error ? err.message : String(err), handle: null, warnings: resolved.warnings };
    }
    steps.push(step);
  }
  return { path: steps.map((s) => s.nodeId), steps, edges };
}

/** Simulates the automation's current draft with `triggerData`. Needs automations:read; changes nothing. */
export async function simulateAutomation(actor: Actor, input: SimulateAutomationInput, db: DbOrTx = getDb(), now = new Date()): Promise<SimulationResult> {
  assertCan(actor, "automations:read");
  const { automationId, triggerData } = parseInput(simulateAutomationInput, input);
  const a = await getAutomation(actor, { id: automationId }, db);
  const evaluation = evaluateConditions(a.conditions, triggerData);
  const base = { automationId: a.id, draftRevision: a.draftRevision, conditionsMatched: evaluation.passed, conditions: evaluation.results };
  if (!evaluation.passed) return { ...base, wouldExecute: false, path: [], steps: [], edges: [] };
  const sim = await simulateGraph({ workspaceId: actor.workspaceId, automationId: a.id }, a.draftGraph, triggerData, now);
  return { ...base, wouldExecute: true, ...sim };
}
