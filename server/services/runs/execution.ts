/**
 * Read-only summary of the engine's Run.state for run detail views (seed 002
 * "Execution State"): variables, completed and pending nodes, the waiting step.
 * Step outputs are not repeated here (they are in actionResults). Parsed
 * loosely: an unexpected shape yields empty lists, never an exception.
 */
export interface RunWaiting {
  nodeId: string;
  iteration: string;
  kind: string;
  stepRunId: string | null;
  /** delay: when the run resumes */
  until: Date | null;
  childRunId: string | null;
}

export interface RunExecution {
  variables: Record<string, unknown>;
  completedNodeIds: string[];
  pendingNodeIds: string[];
  waiting: RunWaiting | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

export function summarizeState(state: unknown): RunExecution {
  const s = isRecord(state) ? state : {};
  const variables = isRecord(s.vars) ? s.vars : {};
  const done = Array.isArray(s.done) ? s.done.filter((k): k is string => typeof k === "string") : [];
  const completedNodeIds = [...new Set(done.map((k) => (k.includes("@") ? k.slice(0, k.lastIndexOf("@")) : k)))];
  const queue = Array.isArray(s.queue) ? s.queue : [];
  const pendingNodeIds = [...new Set(queue.map((q) => (isRecord(q) ? str(q.n) : null)).filter((n): n is string => n !== null))];
  let waiting: RunWaiting | null = null;
  if (isRecord(s.waiting) && typeof s.waiting.n === "string") {
    const w = s.waiting;
    waiting = {
      nodeId: w.n as string,
      iteration: str(w.i) ?? "",
      kind: str(w.kind) ?? "external",
      stepRunId: str(w.stepRunId),
      until: typeof w.until === "number" ? new Date(w.until) : null,
      childRunId: str(w.childRunId),
    };
  }
  return { variables, completedNodeIds, pendingNodeIds, waiting };
}
