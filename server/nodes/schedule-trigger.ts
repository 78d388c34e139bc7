import type { NodeExecutor } from "@/server/engine/contract";

/** Schedule trigger: its output is the data the ticker started the run with (schedule, scheduledFor, firedAt, kind). */
export const scheduleTriggerExecutor: NodeExecutor = {
  type: "schedule",
  version: 1,
  async preview(ctx) {
    return { output: ctx.scope.trigger ?? {} };
  },
  async execute(ctx) {
    return { output: ctx.scope.trigger ?? {} };
  },
};
