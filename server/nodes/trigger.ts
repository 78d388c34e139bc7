import type { NodeExecutor } from "@/server/engine/contract";

/**
 * Server half of every trigger node type: its output is the data the run was
 * started with — the manual or API input, the event's data, the schedule's
 * fire ({ schedule, scheduledFor, firedAt, kind }), or the webhook request
 * ({ body, headers, query, method, path }).
 */
function triggerExecutor(type: string): NodeExecutor {
  return {
    type,
    version: 1,
    async preview(ctx) {
      return { output: ctx.scope.trigger ?? {} };
    },
    async execute(ctx) {
      return { output: ctx.scope.trigger ?? {} };
    },
  };
}

export const manualExecutor = triggerExecutor("manual");
export const eventTriggerExecutor = triggerExecutor("event");
export const scheduleTriggerExecutor = triggerExecutor("schedule");
export const webhookTriggerExecutor = triggerExecutor("webhook");
