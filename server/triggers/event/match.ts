import type { Tx } from "../contract";

/**
 * Which automations an event starts. Matching rule (documented in
 * lib/triggers/event-types.ts and the README): an automation matches when its
 * AutomationTrigger is active, of type "event", has the event's type, and
 * every filter with a non-empty value equals the event data's TOP-LEVEL field
 * of the same name, compared as text (`stage_id: "st_won"` ↔ `data.stage_id`;
 * 42 and "42" are equal; objects and arrays never match). Nested paths are not
 * searched: senders put filterable ids at the top level, as the catalog's
 * sample payloads do.
 */
export function parseFilters(text: string): Record<string, string> {
  try {
    const raw: unknown = JSON.parse(text);
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) {
      if (typeof v === "string" && v.trim() !== "") out[k] = v.trim();
      else if (typeof v === "number" || typeof v === "boolean") out[k] = String(v);
    }
    return out;
  } catch {
    return {};
  }
}

export function matchesFilters(filters: Record<string, string>, data: Record<string, unknown>): boolean {
  for (const [key, expected] of Object.entries(filters)) {
    if (!Object.prototype.hasOwnProperty.call(data, key)) return false;
    const actual = data[key];
    if (typeof actual !== "string" && typeof actual !== "number" && typeof actual !== "boolean") return false;
    if (String(actual) !== expected) return false;
  }
  return true;
}

export interface EventTarget {
  automationId: string;
  automationName: string;
  priority: number;
}

/** Active automations listening to `type` whose filters match `data`, highest priority first, then oldest automation first. */
export async function findEventTargets(tx: Tx, workspaceId: string, type: string, data: Record<string, unknown>): Promise<EventTarget[]> {
  const rows = await tx.automationTrigger.findMany({
    where: { workspaceId, type: "event", eventType: type, active: true, automation: { status: "ACTIVE", archivedAt: null } },
    select: { automationId: true, filters: true, automation: { select: { name: true, priority: true, createdAt: true } } },
  });
  return rows
    .filter((r) => matchesFilters(parseFilters(r.filters), data))
    .sort(
      (a, b) =>
        b.automation.priority - a.automation.priority ||
        a.automation.createdAt.getTime() - b.automation.createdAt.getTime() ||
        (a.automationId < b.automationId ? -1 : 1),
    )
    .map((r) => ({ automationId: r.automationId, automationName: r.automation.name, priority: r.automation.priority }));
}
