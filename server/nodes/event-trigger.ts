import type { NodeExecutor } from "@/server/engine/contract";

/** Event trigger: its output is the event's data (the run's trigger data). */
export const eventTriggerExecutor: NodeExecutor = {
  type: "event",
  version: 1,
  async preview(ctx) {
    return { output: ctx.scope.trigger ?? {} };
  },
  async execute(ctx) {
    return { output: ctx.scope.trigger ?? {} };
  },
};
