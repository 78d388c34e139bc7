import type { DbOrTx } from "@/server/db";
import { describeCron, nextFireTimes, remainingOccurrences } from "@/lib/schedules/cron";
import { audienceItems, type ScheduleRow } from "@/server/triggers/schedule/fire";
import { endedReason } from "@/server/triggers/schedule/timetable";

/** How a schedule stands, for lists and the detail view. */
export type ScheduleState = "active" | "disabled" | "ended" | "automation-inactive";

export interface ScheduleSummary {
  id: string;
  /** automation: the trigger of an automation; standalone: an event schedule fanning out to an audience */
  kind: "automation" | "standalone";
  name: string;
  automation: { id: string; name: string; status: string } | null;
  cron: string;
  description: string | null;
  timezone: string;
  enabled: boolean;
  active: boolean;
  state: ScheduleState;
  /** why it is not firing (ended, automation paused …) */
  stateReason: string | null;
  nextFireAt: string | null;
  lastFiredAt: string | null;
  lastStatus: string | null;
  fireCount: number;
  maxRuns: number | null;
  endAt: string | null;
  missedPolicy: string;
  /** null = unlimited */
  remaining: { count: number; capped: boolean } | null;
  audienceSize: number | null;
}

export const SCHEDULE_WITH_AUTOMATIONS = {
  automation: { select: { id: true, name: true, status: true, publishedVersion: true } },
} as const;

type AutomationRef = { id: string; name: string; status: string; publishedVersion: number | null };

export async function targetAutomations(db: DbOrTx, workspaceId: string, rows: ScheduleRow[]): Promise<Map<string, AutomationRef>> {
  const ids = [...new Set(rows.map((r) => r.automationId ?? r.targetAutomationId).filter((x): x is string => !!x))];
  if (!ids.length) return new Map();
  const found = await db.automation.findMany({ where: { id: { in: ids }, workspaceId }, select: { id: true, name: true, status: true, publishedVersion: true } });
  return new Map(found.map((a) => [a.id, a]));
}

export function presentSchedule(s: ScheduleRow, automation: AutomationRef | undefined, now: Date): ScheduleSummary {
  const ended = endedReason(s, now);
  const automationActive = automation?.status === "ACTIVE" && automation.publishedVersion !== null;
  const state: ScheduleState = !s.enabled ? "disabled" : ended ? "ended" : !automationActive ? "automation-inactive" : "active";
  const stateReason =
    state === "ended"
      ? `This schedule ${ended}`
      : state === "automation-inactive"
        ? automation
          ? `Automation "${automation.name}" is ${automation.status === "ACTIVE" ? "not published" : automation.status.toLowerCase()}; the schedule fires while it is active`
          : "The automation no longer exists"
        : null;
  return {
    id: s.id,
    kind: s.automationId ? "automation" : "standalone",
    name: s.name || automation?.name || "Schedule",
    automation: automation ? { id: automation.id, name: automation.name, status: automation.status } : null,
    cron: s.cron,
    description: describeCron(s.cron),
    timezone: s.timezone,
    enabled: s.enabled,
    active: s.active,
    state,
    stateReason,
    nextFireAt: s.nextFireAt?.toISOString() ?? null,
    lastFiredAt: s.lastFiredAt?.toISOString() ?? null,
    lastStatus: s.lastStatus,
    fireCount: s.fireCount,
    maxRuns: s.maxRuns,
    endAt: s.endAt?.toISOString() ?? null,
    missedPolicy: s.missedPolicy,
    remaining: state === "ended" ? { count: 0, capped: false } : remainingOccurrences(s, now),
    audienceSize: s.audience === null ? null : audienceItems(s.audience).length,
  };
}

/** The next `n` fire times of an active schedule, from its stored nextFireAt on. */
export function upcoming(s: ScheduleRow, n: number): string[] {
  if (!s.active || !s.nextFireAt) return [];
  const remaining = s.maxRuns ? s.maxRuns - s.fireCount : null;
  const first = s.nextFireAt;
  const rest = nextFireTimes(s.cron, s.timezone, n - 1, first, { endAt: s.endAt, remaining: remaining === null ? null : remaining - 1 });
  return [first, ...rest].map((d) => d.toISOString());
}
