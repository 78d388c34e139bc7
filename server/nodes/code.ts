import { codeConfigSchema } from "@/lib/nodes/catalog/code";
import type { JsonValue, NodeContext, NodeExecutor, NodeResult } from "@/server/engine/contract";
import { json, numeric, parseConfig, record } from "./config";

/**
 * Code: runs the (never template-resolved) JavaScript in the sandbox with
 * `input` = a JSON copy of { trigger, steps, vars, loop }. The returned value is
 * the step output; console lines come back as `logs`. Errors (CODE_ERROR,
 * CODE_TIMEOUT, CODE_MEMORY) are fatal and come from the sandbox.
 */
function config(ctx: NodeContext) {
  const raw = record(ctx.config);
  return parseConfig(codeConfigSchema, { ...raw, timeoutMs: numeric(raw.timeoutMs), memoryMb: numeric(raw.memoryMb) }, "Code");
}

function inputOf(ctx: NodeContext): JsonValue {
  const { trigger, steps, vars, loop } = ctx.scope;
  return json({ trigger, steps, vars, ...(loop ? { loop } : {}) });
}

export const codeExecutor: NodeExecutor = {
  type: "code",
  version: 1,
  async preview(ctx) {
    const c = config(ctx);
    // Running user code is the side effect a preview must not have.
    return { timeoutMs: c.timeoutMs, memoryMb: c.memoryMb, codeLength: c.code.length, input: inputOf(ctx) };
  },
  async execute(ctx): Promise<NodeResult> {
    const c = config(ctx);
    // The step's signal (timeout, cancel, lease loss) stops the worker at once and frees its slot.
    const result = await ctx.services.sandbox.run(c.code, inputOf(ctx), { timeoutMs: c.timeoutMs, memoryMb: c.memoryMb, signal: ctx.signal });
    return { output: result.value, ...(result.logs.length ? { logs: result.logs } : {}) };
  },
};
