import type { Db } from "@/server/db";
import { syncTriggers } from "@/server/triggers/sync";
import { chain, createAutomation, node, setVars } from "../engine/helpers";

/** event trigger → set_variables: an automation started by `eventType` with `filters`, synced like a publish does. */
export async function eventAutomation(
  db: Db,
  workspaceId: string,
  name: string,
  eventType: string,
  filters: Record<string, string> = {},
  opts: { priority?: number; publish?: boolean; status?: string } = {},
): Promise<string> {
  const graph = chain([node("trigger", "event", { eventType, filters, sampleData: {} }, undefined, "Trigger"), setVars("mark", { seen: "{{trigger.marker}}" })]);
  const { automationId } = await createAutomation(db, workspaceId, graph, { name, publish: opts.publish });
  await db.automation.update({ where: { id: automationId }, data: { priority: opts.priority ?? 0, ...(opts.status ? { status: opts.status } : {}) } });
  await db.$transaction((tx) => syncTriggers(tx, automationId));
  return automationId;
}
