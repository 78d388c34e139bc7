import { getDb, type DbOrTx } from "@/server/db";
import { AppError, notFound, type Actor } from "@/server/services/errors";
import { AUTOMATION_STATUSES, RUN_STATUSES, type AutomationStatus, type RunStatus } from "@/lib/statuses";

export interface RunStatsInput {
  automationId?: string;
  /** Days back including today, 1–90 (default 14). */
  days?: number;
  /** The viewer's UTC offset in minutes (e.g. 120 for UTC+2), so days start at local midnight. Default 0. */
  utcOffsetMinutes?: number;
}

export type StatusCounts = Record<RunStatus, number>;

export interface RunStatsDay {
  /** Local calendar day, YYYY-MM-DD. */
  date: string;
  total: number;
  byStatus: StatusCounts;
}

export interface RunStats {
  from: Date;
  to: Date;
  days: number;
  total: number;
  byStatus: StatusCounts;
  /** Oldest day first; every day of the range is present (zeros included). */
  perDay: RunStatsDay[];
  /** Automations by status (seed 002 stats); null when filtered to one automation. */
  automations: ({ total: number } & Record<Lowercase<AutomationStatus>, number>) | null;
}

const DAY_MS = 86_400_000;

function emptyCounts(): StatusCounts {
  return Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

function addCounts(into: StatusCounts, groups: { status: string; _count: { _all: number } }[]): number {
  let total = 0;
  for (const g of groups) {
    if ((RUN_STATUSES as readonly string[]).includes(g.status)) into[g.status as RunStatus] += g._count._all;
    total += g._count._all;
  }
  return total;
}

/** Run counts by status, overall and per day, for the last `days` days. */
export async function runStats(actor: Actor, input: RunStatsInput, db: DbOrTx = getDb(), now: Date = new Date()): Promise<RunStats> {
  const days = input.days ?? 14;
  const offset = input.utcOffsetMinutes ?? 0;
  if (!Number.isInteger(days) || days < 1 || days > 90) {
    throw new AppError("BAD_REQUEST", `days: must be a whole number from 1 to 90 (got ${days})`, {
      issues: [{ field: "days", message: "must be 1–90" }],
    });
  }
  if (!Number.isInteger(offset) || Math.abs(offset) > 14 * 60) {
    throw new AppError("BAD_REQUEST", "utcOffsetMinutes: must be a whole number from -840 to 840", {
      issues: [{ field: "utcOffsetMinutes", message: "must be -840 to 840" }],
    });
  }
  if (input.automationId) {
    const found = await db.automation.findFirst({
      where: { id: input.automationId, workspaceId: actor.workspaceId },
      select: { id: true },
    });
    if (!found) throw notFound("Automation");
  }

  const offsetMs = offset * 60_000;
  const localMidnight = Math.floor((now.getTime() + offsetMs) / DAY_MS) * DAY_MS;
  const firstDayLocal = localMidnight - (days - 1) * DAY_MS;
  const from = new Date(firstDayLocal - offsetMs);
  const to = new Date(localMidnight + DAY_MS - offsetMs);
  const base = { workspaceId: actor.workspaceId, ...(input.automationId ? { automationId: input.automationId } : {}) };

  const perDay = await Promise.all(
    Array.from({ length: days }, async (_, i): Promise<RunStatsDay> => {
      const dayStartLocal = firstDayLocal + i * DAY_MS;
      const groups = await db.run.groupBy({
        by: ["status"],
        where: { ...base, createdAt: { gte: new Date(dayStartLocal - offsetMs), lt: new Date(dayStartLocal + DAY_MS - offsetMs) } },
        _count: { _all: true },
      });
      const byStatus = emptyCounts();
      const total = addCounts(byStatus, groups);
      return { date: new Date(dayStartLocal).toISOString().slice(0, 10), total, byStatus };
    }),
  );

  const byStatus = emptyCounts();
  let total = 0;
  for (const d of perDay) {
    total += d.total;
    for (const s of RUN_STATUSES) byStatus[s] += d.byStatus[s];
  }

  let automations: RunStats["automations"] = null;
  if (!input.automationId) {
    const groups = await db.automation.groupBy({
      by: ["status"],
      where: { workspaceId: actor.workspaceId },
      _count: { _all: true },
    });
    const counts = Object.fromEntries(AUTOMATION_STATUSES.map((s) => [s.toLowerCase(), 0])) as Record<Lowercase<AutomationStatus>, number>;
    let all = 0;
    for (const g of groups) {
      const key = g.status.toLowerCase() as Lowercase<AutomationStatus>;
      if (key in counts) counts[key] += g._count._all;
      all += g._count._all;
    }
    automations = { total: all, ...counts };
  }

  return { from, to, days, total, byStatus, perDay, automations };
}
