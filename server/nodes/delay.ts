import { toDateMs } from "@/lib/conditions";
import { delayConfigSchema, delayDurationMs, type DelayConfig } from "@/lib/nodes/catalog/delay";
import { fatal, type NodeContext, type NodeExecutor, type NodeResult } from "@/server/engine/contract";
import { numeric, optionalText, parseConfig, record } from "./config";

/**
 * Delay: the first execution asks the engine to pause until a time (a timer row,
 * so restarts lose nothing); when the engine executes it again after the wait
 * (ctx.resume), it outputs { waitedUntil }. "until" in the past continues at once.
 */
function config(ctx: NodeContext): DelayConfig {
  const raw = record(ctx.config);
  return parseConfig(delayConfigSchema, { ...raw, amount: numeric(raw.amount), until: optionalText(raw.until) }, "Delay");
}

function untilOf(c: DelayConfig, now: Date): Date {
  if (c.mode === "duration") return new Date(now.getTime() + delayDurationMs(c));
  const ms = toDateMs(c.until.trim());
  if (ms === null) {
    throw fatal(
      `Delay "until" is not a date: "${c.until}". Use ISO 8601 such as 2025-01-31T09:00:00Z (no zone = UTC).`,
      "DELAY_INVALID_DATE",
      { until: c.until },
    );
  }
  return new Date(ms);
}

export const delayExecutor: NodeExecutor = {
  type: "delay",
  version: 1,
  async preview(ctx) {
    const c = config(ctx);
    const now = ctx.services.now();
    const until = untilOf(c, now);
    return { mode: c.mode, waitUntil: until.toISOString(), waits: until.getTime() > now.getTime() };
  },
  async execute(ctx): Promise<NodeResult> {
    const c = config(ctx);
    const now = ctx.services.now();
    if (ctx.resume?.kind === "until") {
      // "until" is recomputed from the config; a duration ends when the engine resumes us.
      const waitedUntil = c.mode === "until" ? untilOf(c, now) : now;
      return { output: { waitedUntil: waitedUntil.toISOString() } };
    }
    const until = untilOf(c, now);
    if (until.getTime() <= now.getTime()) {
      return { output: { waitedUntil: until.toISOString(), skipped: true }, warnings: [`Delay time ${until.toISOString()} is in the past; continued at once`] };
    }
    return { wait: { kind: "until", until, output: { waitUntil: until.toISOString() } } };
  },
};
