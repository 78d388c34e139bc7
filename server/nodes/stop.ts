import { stopConfigSchema } from "@/lib/nodes/catalog/stop";
import type { NodeContext, NodeExecutor, NodeResult } from "@/server/engine/contract";
import { optionalText, parseConfig, record } from "./config";

/** Stop: ends the run here as COMPLETED or FAILED with a message. */
function plan(ctx: NodeContext) {
  const raw = record(ctx.config);
  const c = parseConfig(stopConfigSchema, { ...raw, message: optionalText(raw.message) }, "Stop");
  const status = c.status === "failed" ? ("FAILED" as const) : ("COMPLETED" as const);
  const message = c.message.trim() || (status === "FAILED" ? "Stopped as failed by a Stop step" : "Stopped by a Stop step");
  return { status, message };
}

export const stopExecutor: NodeExecutor = {
  type: "stop",
  version: 1,
  async preview(ctx) {
    return plan(ctx);
  },
  async execute(ctx): Promise<NodeResult> {
    const { status, message } = plan(ctx);
    return { output: { status: status.toLowerCase(), message }, stop: { status, message } };
  },
};
