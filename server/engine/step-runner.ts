import { isRawConfigPath, type FieldMetaMap } from "@/lib/nodes/field-meta";
import { buildStepsScope, resolveDeep, type TemplateScope } from "@/lib/templates";
import { StepError, type JsonValue, type NodeContext, type NodeResult, type NodeServices, type ResumeInfo, type WaitRequest } from "./contract";
import type { CompiledGraph, CompiledNode } from "./compiled-graph";
import { loopScope, type FrameItems } from "./planner";
import type { RunState, WorkItem } from "./state";

/** Why a step's AbortSignal fired. */
export type AbortCause = "timeout" | "cancel" | "lease";
export class StepAbort extends Error {
  constructor(readonly cause: AbortCause, message: string) {
    super(message);
    this.name = "StepAbort";
  }
}

export interface StepFailure {
  message: string;
  code: string;
  retryable: boolean;
  details?: JsonValue;
  /** kept as the failed step's recorded output (StepError.detailsAsOutput) */
  output?: JsonValue;
}

export type StepOutcome =
  | { kind: "ok"; result: Extract<NodeResult, { output: JsonValue }> }
  | { kind: "wait"; wait: WaitRequest }
  | { kind: "error"; error: StepFailure }
  | { kind: "aborted"; cause: "cancel" | "lease" };

export interface PreparedStep {
  /** resolved config (recorded as the StepRun request) */
  config: JsonValue;
  warnings: string[];
  scope: NodeContext["scope"];
}

function metaOf(node: CompiledNode): FieldMetaMap | undefined {
  const def = node.def as { fieldMeta?: FieldMetaMap } | undefined;
  return def?.fieldMeta;
}

/** Resolves the node's templates against the run's scope. */
export function prepareStep(g: CompiledGraph, node: CompiledNode, state: RunState, trigger: JsonValue, now: Date, itemsOf: FrameItems): PreparedStep {
  const scope: TemplateScope & NodeContext["scope"] = {
    trigger,
    steps: buildStepsScope(g.list, state.steps) as Record<string, JsonValue>,
    vars: state.vars,
    loop: loopScope(state, itemsOf),
    now,
  };
  const meta = metaOf(node);
  const resolved = resolveDeep(node.config, scope, meta ? { skip: (p) => isRawConfigPath(meta, p) } : {});
  return { config: toJson(resolved.value), warnings: resolved.warnings, scope };
}

/** Plain JSON copy (Dates → ISO strings, undefined dropped). */
export function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)) ?? "null") as JsonValue;
}

function failureOf(err: unknown, timeoutMs: number): StepFailure | { aborted: "cancel" | "lease" } {
  if (err instanceof StepAbort) {
    if (err.cause === "timeout") return { message: `timed out after ${timeoutMs} ms`, code: "STEP_TIMEOUT", retryable: true };
    return { aborted: err.cause };
  }
  if (err instanceof StepError) {
    return {
      message: err.message, code: err.code, retryable: err.retryable,
      ...(err.details !== undefined ? { details: err.details } : {}),
      ...(err.detailsAsOutput && err.details !== undefined ? { output: err.details } : {}),
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { message: message || "the step failed without a message", code: "STEP_ERROR", retryable: false };
}

export interface ExecuteArgs {
  node: CompiledNode;
  item: WorkItem;
  prepared: PreparedStep;
  base: Omit<NodeContext, "config" | "scope" | "signal" | "timeoutMs" | "resume" | "attempt" | "services" | "nodeId" | "nodeName">;
  attempt: number;
  services: NodeServices;
  resume?: ResumeInfo;
  /** run-level signal: cancel or lease loss (reason is a StepAbort) */
  runSignal: AbortSignal;
}

/** Runs one node attempt with its timeout; never throws. */
export async function executeStep(a: ExecuteArgs): Promise<StepOutcome> {
  const { node } = a;
  if (!node.def || !node.exec) {
    return {
      kind: "error",
      error: { message: `Node type "${node.type}" is not available in this version of Switchyard`, code: "UNKNOWN_NODE_TYPE", retryable: false },
    };
  }
  const timeoutMs = node.settings.timeoutMs > 0 ? node.settings.timeoutMs : node.def.defaultTimeoutMs;
  const controller = new AbortController();
  const forward = () => controller.abort(a.runSignal.reason);
  if (a.runSignal.aborted) forward();
  else a.runSignal.addEventListener("abort", forward, { once: true });
  const timer = setTimeout(() => controller.abort(new StepAbort("timeout", `timed out after ${timeoutMs} ms`)), timeoutMs);
  let rejectAbort: (e: unknown) => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => (rejectAbort = reject));
  const onAbort = () => rejectAbort(controller.signal.reason);
  controller.signal.addEventListener("abort", onAbort, { once: true });
  try {
    const ctx: NodeContext = {
      ...a.base,
      nodeId: node.id,
      nodeName: node.name,
      attempt: a.attempt,
      config: a.prepared.config,
      rawConfig: node.config as JsonValue,
      scope: a.prepared.scope,
      signal: controller.signal,
      timeoutMs,
      services: a.services,
      ...(a.resume ? { resume: a.resume } : {}),
    };
    if (controller.signal.aborted) throw controller.signal.reason;
    const result = await Promise.race([node.exec.execute(ctx), aborted]);
    if ("wait" in result) return { kind: "wait", wait: result.wait };
    return { kind: "ok", result: { ...result, output: toJson(result.output) } };
  } catch (err) {
    // An abort that raced with the node's own error wins: the node likely failed because of it.
    const cause = controller.signal.aborted ? controller.signal.reason : err;
    const f = failureOf(cause, timeoutMs);
    return "aborted" in f ? { kind: "aborted", cause: f.aborted } : { kind: "error", error: f };
  } finally {
    clearTimeout(timer);
    a.runSignal.removeEventListener("abort", forward);
    controller.signal.removeEventListener("abort", onAbort);
    aborted.catch(() => undefined);
  }
}
