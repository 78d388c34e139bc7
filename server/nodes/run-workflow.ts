import { fatal, type JsonValue, type NodeContext, type NodeExecutor, type NodeResult } from "@/server/engine/contract";
import { json, rawRows, record, text } from "./config";

/**
 * Run workflow: starts a child run of another automation in this workspace with
 * an idempotency key equal to this step's, so a retried or crashed step never
 * starts two children. With waitForCompletion the run waits for the child and,
 * when resumed, outputs the child's result (or fails when the child failed).
 */
interface Plan {
  automationId: string;
  input: Record<string, JsonValue>;
  waitForCompletion: boolean;
}

function plan(ctx: NodeContext): Plan {
  const cfg = record(ctx.config);
  const automationId = text(cfg.automationId).trim();
  if (!automationId) throw fatal('Run workflow needs an automation: "automationId" is required', "CONFIG_INVALID");
  const input: Record<string, JsonValue> = {};
  for (const row of rawRows(cfg.input)) {
    if (!row.key) throw fatal('Run workflow input rows need a "key"', "CONFIG_INVALID");
    input[row.key] = json(row.value);
  }
  const wait = cfg.waitForCompletion;
  return { automationId, input, waitForCompletion: wait === undefined ? true : wait === true || wait === "true" };
}

export const runWorkflowExecutor: NodeExecutor = {
  type: "run_workflow",
  version: 1,
  async preview(ctx) {
    const p = plan(ctx);
    return { automationId: p.automationId, input: p.input, waitForCompletion: p.waitForCompletion };
  },
  async execute(ctx): Promise<NodeResult> {
    const resume = ctx.resume;
    if (resume?.kind === "child") {
      if (resume.status === "COMPLETED") {
        return { output: { childRunId: resume.childRunId, status: resume.status, output: resume.output } };
      }
      const why = resume.error ? `: ${resume.error}` : "";
      throw fatal(`Child run ${resume.childRunId} ended ${resume.status.toLowerCase()}${why}`, "CHILD_FAILED", {
        childRunId: resume.childRunId,
        status: resume.status,
        error: resume.error,
      });
    }
    const p = plan(ctx);
    const { runId } = await ctx.services.childRuns.start({
      automationId: p.automationId,
      input: p.input,
      parentRunId: ctx.runId,
      parentNodeId: ctx.nodeId,
      idempotencyKey: ctx.idempotencyKey,
    });
    if (p.waitForCompletion) return { wait: { kind: "child", childRunId: runId, output: { childRunId: runId } } };
    return { output: { childRunId: runId, status: "QUEUED" } };
  },
};
