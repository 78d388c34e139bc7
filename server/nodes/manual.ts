import type { NodeExecutor } from "@/server/engine/contract";

/** Manual trigger: its output is the data the run was started with. */
export const manualExecutor: NodeExecutor = {
  type: "manual",
  version: 1,
  async preview(ctx) {
    return { output: ctx.scope.trigger ?? {} };
  },
  async execute(ctx) {
    return { output: ctx.scope.trigger ?? {} };
  },
};
