import { memberProcedure } from "@/server/trpc/init";
import { runStats } from "@/server/services/runs/run-stats";
import { runStatsInput } from "./stats.schema";

/** runs.stats({ automationId?, days?, utcOffsetMinutes? }) → RunStats (by status, per day in the workspace's zone, success rate, p50/p95, top failing steps, automations by status). */
export const stats = memberProcedure.input(runStatsInput).query(({ ctx, input }) => runStats(ctx.actor, input, ctx.db));
