import type { RunStatus } from "@/lib/statuses";
import type { DbOrTx } from "@/server/db";

export interface EventRunItem {
  runId: string;
  automationId: string;
  automationName: string;
  status: RunStatus;
  createdAt: Date;
}

export interface EventItem {
  id: string;
  type: string;
  source: string;
  idempotencyKey: string | null;
  runCount: number;
  createdById: string | null;
  createdAt: Date;
}

export interface EventDetail extends EventItem {
  data: unknown;
  runs: EventRunItem[];
}

export const EVENT_SELECT = { id: true, type: true, source: true, idempotencyKey: true, runCount: true, createdById: true, createdAt: true } as const;

export function toEventItem(row: EventItem): EventItem {
  return {
    id: row.id,
    type: row.type,
    source: row.source,
    idempotencyKey: row.idempotencyKey,
    runCount: row.runCount,
    createdById: row.createdById,
    createdAt: row.createdAt,
  };
}

/** Runs started by these events (triggerType "event", sourceId = event id), by event id, in fan-out order (priority, then creation). */
export async function runsOfEvents(db: DbOrTx, workspaceId: string, eventIds: string[], perEvent: number): Promise<Map<string, EventRunItem[]>> {
  const out = new Map<string, EventRunItem[]>();
  if (eventIds.length === 0) return out;
  const rows = await db.run.findMany({
    where: { workspaceId, triggerType: "event", sourceId: { in: eventIds } },
    orderBy: [{ priority: "desc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { id: true, sourceId: true, automationId: true, status: true, createdAt: true, automation: { select: { name: true } } },
  });
  for (const r of rows) {
    const list = out.get(r.sourceId!) ?? [];
    if (list.length < perEvent) list.push({ runId: r.id, automationId: r.automationId, automationName: r.automation.name, status: r.status as RunStatus, createdAt: r.createdAt });
    out.set(r.sourceId!, list);
  }
  return out;
}
