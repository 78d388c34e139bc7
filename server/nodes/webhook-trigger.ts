import type { NodeExecutor } from "@/server/engine/contract";

/** Webhook trigger: its output is the request the run was started with ({ body, headers, query, method, path }). */
export const webhookTriggerExecutor: NodeExecutor = {
  type: "webhook",
  version: 1,
  async preview(ctx) {
    return { output: ctx.scope.trigger ?? {} };
  },
  async execute(ctx) {
    return { output: ctx.scope.trigger ?? {} };
  },
};
