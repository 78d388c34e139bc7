import type { GraphEdge } from "@/lib/graph/schema";
import type { OverlayStep, OverlayStepStatus, RunOverlay } from "../store/types";

/** The parts of a normalized run detail (runs.get) the overlay needs. */
export interface RunLike {
  id: string;
  status: string;
  triggerData?: unknown;
  error?: string | null;
  actionResults: Array<{
    nodeId: string;
    status: string;
    attempt: number;
    handle: string | null;
    request: unknown;
    response: unknown;
    error: string | null;
    durationMs: number | null;
    retried?: boolean;
  }>;
}

const STATUSES = new Set<OverlayStepStatus>(["RUNNING", "SUCCEEDED", "FAILED", "SKIPPED", "WAITING"]);
const asStatus = (s: string): OverlayStepStatus => (STATUSES.has(s as OverlayStepStatus) ? (s as OverlayStepStatus) : "FAILED");

/**
 * Per-node status (running > waiting > failed-and-not-retried > the latest record), and the edges the run actually took: the source ran and
 * left through that handle, and the target ran.
 */
export function overlayFromRun(run: RunLike, edges: readonly GraphEdge[]): RunOverlay {
  const steps: Record<string, OverlayStep> = {};
  const handles = new Map<string, Set<string>>();
  const rank = (r: RunLike["actionResults"][number]): number =>
    r.status === "RUNNING" ? 3 : r.status === "WAITING" ? 2 : r.status === "FAILED" && !r.retried ? 1 : 0;
  const best = new Map<string, { rank: number; index: number }>();
  run.actionResults.forEach((r, index) => {
    const k = rank(r);
    const prev = best.get(r.nodeId);
    // higher rank wins; same rank: the later record wins
    if (!prev || k >= prev.rank) best.set(r.nodeId, { rank: k, index });
    if (r.status === "SUCCEEDED" || r.status === "SKIPPED" || (r.status === "FAILED" && !r.retried && r.handle)) {
      const set = handles.get(r.nodeId) ?? new Set<string>();
      set.add(r.handle ?? "next");
      handles.set(r.nodeId, set);
    }
  });
  for (const [nodeId, { index }] of best) {
    const r = run.actionResults[index];
    steps[nodeId] = {
      nodeId,
      status: asStatus(r.status),
      handle: r.handle,
      request: r.request,
      response: r.response,
      error: r.error,
      durationMs: r.durationMs,
      attempt: r.attempt,
    };
  }
  const takenEdges = new Set<string>();
  for (const e of edges) if (handles.get(e.source)?.has(e.sourceHandle) && steps[e.target]) takenEdges.add(e.id);
  return { runId: run.id, status: run.status, steps, takenEdges, triggerData: run.triggerData, error: run.error ?? null };
}

/** The parts of runs.overlay (per-node aggregates, no payloads) the overlay needs. */
export interface OverlayNodesLike {
  id: string;
  status: string;
  error: string | null;
  nodes: Array<{
    nodeId: string;
    status: string;
    handles: string[];
    executions: number;
    attempts: number;
    attempt: number;
    stepId: string;
    error: string | null;
    durationMs: number;
  }>;
}

/** Payloads of a step (runs.steps items), merged in when the run has settled. */
export interface StepPayloadLike {
  id: string;
  nodeId: string;
  request: unknown;
  response: unknown;
}

/**
 * Overlay from runs.overlay: per-node status of the latest attempt, counts, and the
 * edges taken (the source left through that handle and the target ran). Payloads
 * (request/response shown in the step panel and offered by the variable picker) come
 * from `payloads` — read once the run has settled — matched by step id, else by node.
 */
export function overlayFromNodes(
  run: OverlayNodesLike,
  edges: readonly GraphEdge[],
  extra: { triggerData?: unknown; payloads?: readonly StepPayloadLike[] } = {},
): RunOverlay {
  const byStep = new Map<string, StepPayloadLike>();
  const byNode = new Map<string, StepPayloadLike>();
  for (const p of extra.payloads ?? []) {
    byStep.set(p.id, p);
    byNode.set(p.nodeId, p); // later rows win: the newest attempt of the node on the page
  }
  const steps: Record<string, OverlayStep> = {};
  for (const n of run.nodes) {
    const payload = byStep.get(n.stepId) ?? byNode.get(n.nodeId);
    steps[n.nodeId] = {
      nodeId: n.nodeId,
      status: asStatus(n.status),
      handle: n.handles[0] ?? null,
      ...(payload ? { request: payload.request, response: payload.response } : {}),
      error: n.error,
      durationMs: n.durationMs,
      attempt: n.attempt,
      executions: n.executions,
      attempts: n.attempts,
    };
  }
  const handles = new Map(run.nodes.map((n) => [n.nodeId, new Set(n.handles)]));
  const takenEdges = new Set<string>();
  for (const e of edges) if (handles.get(e.source)?.has(e.sourceHandle) && steps[e.target]) takenEdges.add(e.id);
  return { runId: run.id, status: run.status, steps, takenEdges, triggerData: extra.triggerData, error: run.error };
}
