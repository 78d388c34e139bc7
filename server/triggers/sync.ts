import { isTriggerType } from "@/lib/nodes/registry";
import { parseGraph } from "@/server/services/runs/normalize";
import type { Tx, TriggerSyncInput } from "./contract";
import { TRIGGER_SOURCES } from "./registry";

/**
 * Re-derives how an automation is started from outside: its AutomationTrigger
 * row (type, event type, filters, active) and the rows of its trigger source.
 * Call inside the transaction of every change that affects it: publish,
 * activate/pause, archive, priority. Active = status ACTIVE and a published
 * version; a paused, draft-only or archived automation is never started by a
 * webhook, schedule or event.
 */
export async function syncTriggers(tx: Tx, automationId: string): Promise<TriggerSyncInput | null> {
  const automation = await tx.automation.findUnique({
    where: { id: automationId },
    select: { id: true, workspaceId: true, status: true, publishedVersion: true, priority: true, archivedAt: true },
  });
  if (!automation) return null;
  const version = automation.publishedVersion
    ? await tx.automationVersion.findUnique({
        where: { automationId_number: { automationId, number: automation.publishedVersion } },
        select: { id: true, graph: true },
      })
    : null;
  const graph = version ? parseGraph(version.graph) : null;
  const node = graph?.nodes.find((n) => graph.edges.every((e) => e.target !== n.id) && isTriggerType(n.type)) ?? null;
  const input: TriggerSyncInput = {
    automationId,
    workspaceId: automation.workspaceId,
    node,
    versionId: version?.id ?? null,
    active: automation.status === "ACTIVE" && !automation.archivedAt && node !== null,
    priority: automation.priority,
  };
  const type = node?.type ?? "manual";
  const config = (node?.config ?? {}) as Record<string, unknown>;
  const eventType = type === "event" && typeof config.eventType === "string" ? config.eventType : null;
  const filters = type === "event" && config.filters && typeof config.filters === "object" ? JSON.stringify(config.filters) : "{}";
  const row = { workspaceId: automation.workspaceId, type, eventType, filters, active: input.active, priority: automation.priority, versionId: input.versionId };
  await tx.automationTrigger.upsert({ where: { automationId }, create: { automationId, ...row }, update: row });
  for (const source of TRIGGER_SOURCES) {
    if (source.type === type) await source.sync(tx, input);
    else await source.deactivate(tx, automationId);
  }
  return input;
}
