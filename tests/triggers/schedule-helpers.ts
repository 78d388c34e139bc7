import type { Db } from "@/server/db";
import type { Graph } from "@/lib/graph/schema";
import { syncTriggers } from "@/server/triggers/sync";
import { createAutomation, node, setVars, chain } from "../engine/helpers";

/** A schedule trigger → set_variables graph with this schedule config (defaults from the catalog). */
export function scheduleGraph(config: Record<string, unknown>): Graph {
  return chain([
    node("trigger", "schedule", { mode: "cron", cron: "* * * * *", timezone: "UTC", endAt: "", maxRuns: 0, missedPolicy: "once", ...config }, undefined, "Schedule"),
    setVars("vars", { when: "{{trigger.scheduledFor}}" }),
  ]);
}

/** An ACTIVE automation published with a schedule trigger, synced like publish does. */
export async function scheduledAutomation(db: Db, workspaceId: string, config: Record<string, unknown>, opts: { publish?: boolean; name?: string } = {}) {
  const { automationId } = await createAutomation(db, workspaceId, scheduleGraph(config), { publish: opts.publish, name: opts.name ?? "Scheduled" });
  await db.$transaction((tx) => syncTriggers(tx, automationId));
  const schedule = await db.schedule.findFirst({ where: { automationId } });
  return { automationId, schedule };
}

export async function scheduleOf(db: Db, automationId: string) {
  const s = await db.schedule.findFirst({ where: { automationId } });
  if (!s) throw new Error("no schedule row");
  return s;
}

export async function runsOf(db: Db, automationId: string) {
  return db.run.findMany({ where: { automationId }, orderBy: { createdAt: "asc" } });
}

export const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);
export const MIN = 60_000;
