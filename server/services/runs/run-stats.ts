import { Prisma } from "@/server/db/generated/sqlite/client";
import { getDb, type DbOrTx } from "@/server/db";
import { assertCan } from "@/server/services/automations/scope";
import { AppError, notFound, type Actor } from "@/server/services/errors";
import { AUTOMATION_STATUSES, RUN_STATUSES, type AutomationStatus, type RunStatus } from "@/lib/statuses";
import {
  addDays,
  dayBucketSql,
  durationMsSql,
  localDay,
  localMidnight,
  offsetSegments,
  tsColumn,
  tsValue,
  type DayZone,
} from "./stats-buckets";

const { sql, empty } = Prisma;

export interface RunStatsInput {
  automationId?: string;
  /** Days back including today, 1–90 (default 14). */
  days?: number;
  /**
   * A fixed UTC offset in minutes (e.g. 120 for UTC+2) for the day buckets.
   * Without it, days start at local midnight in the workspace's time zone (DST-aware).
   */
  utcOffsetMinutes?: number;
}

export type StatusCounts = Record<RunStatus, number>;

export interface RunStatsDay {
  /** Local calendar day, YYYY-MM-DD. */
  date: string;
  total: number;
  byStatus: StatusCounts;
}

export interface FailingStepError {
  /** The error message (first 300 characters). */
  message: string;
  count: number;
}

export interface FailingStep {
  automationId: string;
  automationName: string;
  nodeId: string;
  /** The node's name when it failed (its label on the canvas). */
  nodeName: string;
  nodeType: string;
  /** Failed attempts in the range (a retried step counts each failed attempt). */
  failures: number;
  /** Distinct runs in which the step failed. */
  runs: number;
  /** Most common error messages, most frequent first (up to 3). */
  topErrors: FailingStepError[];
}

export interface DurationStats {
  /** Finished runs with a start and an end in the range (what the percentiles are over). */
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface RunStats {
  from: Date;
  to: Date;
  days: number;
  /** The IANA zone (or "UTC±hh:mm" for a fixed offset) the days are cut in. */
  timezone: string;
  total: number;
  byStatus: StatusCounts;
  /** COMPLETED / (COMPLETED + FAILED), 0–1; null when neither happened. */
  successRate: number | null;
  duration: DurationStats;
  /** Oldest day first; every day of the range is present (zeros included). */
  perDay: RunStatsDay[];
  /** Steps with the most failed attempts in the range (up to 5). */
  topFailingSteps: FailingStep[];
  /** Automations by status (seed 002 stats); null when filtered to one automation. */
  automations: ({ total: number } & Record<Lowercase<AutomationStatus>, number>) | null;
}

export const MAX_STATS_DAYS = 90;
const TOP_FAILING = 5;
const TOP_ERRORS = 3;
const ERROR_CHARS = 300;

function emptyCounts(): StatusCounts {
  return Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

const n = (v: number | bigint | string | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/**
 * Run statistics for the last `days` days: counts by status overall and per
 * local day (one GROUP BY), success rate, p50/p95 duration (ORDER BY … OFFSET k
 * per percentile: no rows are loaded), top failing steps with their most
 * common errors, and automations by status. Never loads payloads.
 */
export async function runStats(actor: Actor, input: RunStatsInput, db: DbOrTx = getDb(), now: Date = new Date()): Promise<RunStats> {
  assertCan(actor, "runs:read");
  const days = input.days ?? 14;
  if (!Number.isInteger(days) || days < 1 || days > MAX_STATS_DAYS) {
    throw new AppError("BAD_REQUEST", `days: must be a whole number from 1 to ${MAX_STATS_DAYS} (got ${days})`, {
      issues: [{ field: "days", message: `must be 1–${MAX_STATS_DAYS}` }],
    });
  }
  const offset = input.utcOffsetMinutes;
  if (offset !== undefined && (!Number.isInteger(offset) || Math.abs(offset) > 14 * 60)) {
    throw new AppError("BAD_REQUEST", "utcOffsetMinutes: must be a whole number from -840 to 840", {
      issues: [{ field: "utcOffsetMinutes", message: "must be -840 to 840" }],
    });
  }
  if (input.automationId) {
    const found = await db.automation.findFirst({ where: { id: input.automationId, workspaceId: actor.workspaceId }, select: { id: true } });
    if (!found) throw notFound("Automation");
  }

  let zone: DayZone;
  let zoneLabel: string;
  if (offset !== undefined) {
    zone = { kind: "offset", minutes: offset };
    zoneLabel = formatOffset(offset);
  } else {
    const ws = await db.workspace.findUnique({ where: { id: actor.workspaceId }, select: { timezone: true } });
    const name = ws?.timezone || "UTC";
    zone = { kind: "zone", name };
    zoneLabel = name;
  }

  const today = localDay(zone, now.getTime());
  const firstDay = addDays(today, -(days - 1));
  const fromMs = localMidnight(zone, firstDay);
  const toMs = localMidnight(zone, addDays(today, 1));
  const from = new Date(fromMs);
  const to = new Date(toMs);
  const segments = offsetSegments(zone, fromMs, toMs);

  const runScope = sql`r."workspaceId" = ${actor.workspaceId} ${input.automationId ? sql`AND r."automationId" = ${input.automationId}` : empty}`;
  const inRange = sql`${tsColumn(db, 'r."createdAt"')} >= ${tsValue(db, fromMs)} AND ${tsColumn(db, 'r."createdAt"')} < ${tsValue(db, toMs)}`;

  // 1. Runs per local day and status: one GROUP BY over the range.
  const bucket = dayBucketSql(db, 'r."createdAt"', segments);
  const dayRows = await db.$queryRaw<Array<{ day: string; status: string; count: number | bigint }>>`
    SELECT ${bucket} AS "day", r."status" AS "status", COUNT(*) AS "count"
    FROM "Run" r WHERE ${runScope} AND ${inRange}
    GROUP BY 1, 2`;

  const perDay: RunStatsDay[] = [];
  const index = new Map<string, RunStatsDay>();
  for (let i = 0; i < days; i++) {
    const d: RunStatsDay = { date: addDays(firstDay, i), total: 0, byStatus: emptyCounts() };
    perDay.push(d);
    index.set(d.date, d);
  }
  const byStatus = emptyCounts();
  let total = 0;
  for (const row of dayRows) {
    const count = n(row.count);
    const day = index.get(String(row.day));
    if (!day) continue;
    day.total += count;
    total += count;
    if ((RUN_STATUSES as readonly string[]).includes(row.status)) {
      day.byStatus[row.status as RunStatus] += count;
      byStatus[row.status as RunStatus] += count;
    }
  }
  const decided = byStatus.COMPLETED + byStatus.FAILED;
  const successRate = decided > 0 ? byStatus.COMPLETED / decided : null;

  // 2. Duration percentiles (nearest rank): count, then one ORDER BY … LIMIT 1 OFFSET k per percentile.
  const duration = durationMsSql(db, 'r."startedAt"', 'r."finishedAt"');
  const finishedScope = sql`${runScope} AND ${inRange} AND r."startedAt" IS NOT NULL AND r."finishedAt" IS NOT NULL`;
  const [{ count: finishedCount }] = await db.$queryRaw<Array<{ count: number | bigint }>>`SELECT COUNT(*) AS "count" FROM "Run" r WHERE ${finishedScope}`;
  const finished = n(finishedCount);
  const percentile = async (p: number): Promise<number | null> => {
    if (finished === 0) return null;
    const k = Math.max(0, Math.ceil(p * finished) - 1);
    const rows = await db.$queryRaw<Array<{ ms: number | string | null }>>`
      SELECT ${duration} AS "ms" FROM "Run" r WHERE ${finishedScope} ORDER BY 1 ASC LIMIT 1 OFFSET ${k}`;
    return rows[0] ? Math.max(0, Math.round(Number(rows[0].ms))) : null;
  };
  const [p50Ms, p95Ms] = await Promise.all([percentile(0.5), percentile(0.95)]);

  // 3. Top failing steps (automation + node), then their most common errors.
  const stepInRange = sql`${tsColumn(db, 's."startedAt"')} >= ${tsValue(db, fromMs)} AND ${tsColumn(db, 's."startedAt"')} < ${tsValue(db, toMs)}`;
  const failedScope = sql`s."workspaceId" = ${actor.workspaceId} AND s."status" = 'FAILED' AND ${stepInRange} AND ${runScope}`;
  const top = await db.$queryRaw<Array<{ automationId: string; automationName: string; nodeId: string; nodeName: string; nodeType: string; failures: number | bigint; runs: number | bigint }>>`
    SELECT r."automationId" AS "automationId", MAX(a."name") AS "automationName", s."nodeId" AS "nodeId",
           MAX(s."nodeName") AS "nodeName", MAX(s."nodeType") AS "nodeType",
           COUNT(*) AS "failures", COUNT(DISTINCT s."runId") AS "runs"
    FROM "StepRun" s JOIN "Run" r ON r."id" = s."runId" JOIN "Automation" a ON a."id" = r."automationId"
    WHERE ${failedScope}
    GROUP BY r."automationId", s."nodeId"
    ORDER BY 6 DESC, 7 DESC, 1 ASC, 3 ASC
    LIMIT ${TOP_FAILING}`;
  const topFailingSteps: FailingStep[] = top.map((t) => ({
    automationId: t.automationId,
    automationName: t.automationName,
    nodeId: t.nodeId,
    nodeName: t.nodeName,
    nodeType: t.nodeType,
    failures: n(t.failures),
    runs: n(t.runs),
    topErrors: [],
  }));
  if (topFailingSteps.length > 0) {
    const pairs = topFailingSteps.map((t) => sql`(r."automationId" = ${t.automationId} AND s."nodeId" = ${t.nodeId})`);
    const errors = await db.$queryRaw<Array<{ automationId: string; nodeId: string; message: string | null; count: number | bigint }>>`
      SELECT r."automationId" AS "automationId", s."nodeId" AS "nodeId", substr(COALESCE(s."error", ''), 1, ${ERROR_CHARS}) AS "message", COUNT(*) AS "count"
      FROM "StepRun" s JOIN "Run" r ON r."id" = s."runId"
      WHERE ${failedScope} AND (${Prisma.join(pairs, " OR ")})
      GROUP BY 1, 2, 3`;
    for (const step of topFailingSteps) {
      step.topErrors = errors
        .filter((e) => e.automationId === step.automationId && e.nodeId === step.nodeId)
        .map((e) => ({ message: e.message || "(no message)", count: n(e.count) }))
        .sort((a, b) => b.count - a.count || a.message.localeCompare(b.message))
        .slice(0, TOP_ERRORS);
    }
  }

  // 4. Automations by status (workspace view only).
  let automations: RunStats["automations"] = null;
  if (!input.automationId) {
    const groups = await db.automation.groupBy({ by: ["status"], where: { workspaceId: actor.workspaceId }, _count: { _all: true } });
    const counts = Object.fromEntries(AUTOMATION_STATUSES.map((s) => [s.toLowerCase(), 0])) as Record<Lowercase<AutomationStatus>, number>;
    let all = 0;
    for (const g of groups) {
      const key = g.status.toLowerCase() as Lowercase<AutomationStatus>;
      if (key in counts) counts[key] += g._count._all;
      all += g._count._all;
    }
    automations = { total: all, ...counts };
  }

  return {
    from,
    to,
    days,
    timezone: zoneLabel,
    total,
    byStatus,
    successRate,
    duration: { count: finished, p50Ms, p95Ms },
    perDay,
    topFailingSteps,
    automations,
  };
}
