import type { Db, Tx } from "@/server/db";
import { signalRun } from "@/server/queue/signal";
import { createRunInTx } from "@/server/services/runs/create-run";
import { AppError } from "@/server/services/errors";
import { emitPlatformEvent } from "@/server/services/webhook-subscriptions/emit";
import { decideTick, nextFire } from "./timetable";

/**
 * Firing a schedule. One transaction claims the tick (a conditional update of
 * nextFireAt: with several processes exactly one wins; the unique
 * (scheduleId, scheduledFor) ScheduleFire row is the second guard), writes the
 * fire row and creates its runs (one per audience item, idempotency key
 * `schedule-fire:<fire id>:<item>`); the dispatcher is signalled after commit.
 */
export type ScheduleRow = NonNullable<Awaited<ReturnType<Db["schedule"]["findUnique"]>>>;

export const MAX_AUDIENCE = 500;

export type FireKind = "tick" | "recovery" | "manual";

/**
 * A fire's transaction creates one run per audience item (up to 500, a few
 * statements each): allow it more than Prisma's 5 s default, scaled by size.
 */
export function fireTxOptions(audience: string | null): { timeout: number; maxWait: number } {
  const items = audience === null ? 1 : audienceItems(audience).length;
  return { timeout: 15_000 + items * 100, maxWait: 15_000 };
}

export interface FireSummary {
  fireId: string;
  scheduleId: string;
  scheduledFor: Date;
  kind: FireKind;
  audienceSize: number;
  runsStarted: number;
  runsFailed: number;
  status: "OK" | "PARTIAL" | "FAILED" | "SKIPPED";
  error: string | null;
  runIds: string[];
}

/** Audience items of a standalone schedule; [null] = one run without an item. */
export function audienceItems(audience: string | null): unknown[] {
  if (audience === null) return [null];
  try {
    const parsed: unknown = JSON.parse(audience);
    return Array.isArray(parsed) ? parsed.slice(0, MAX_AUDIENCE) : [null];
  } catch {
    return [null];
  }
}

function parsePayload(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Why the automation a schedule starts cannot run now, or null. */
async function blockedReason(tx: Tx, workspaceId: string, automationId: string | null): Promise<string | null> {
  if (!automationId) return "the schedule has no target automation";
  const a = await tx.automation.findFirst({ where: { id: automationId, workspaceId }, select: { status: true, archivedAt: true, publishedVersion: true, name: true } });
  if (!a) return "the target automation no longer exists";
  if (a.status === "ARCHIVED" || a.archivedAt) return `automation "${a.name}" is archived`;
  if (a.publishedVersion === null) return `automation "${a.name}" has no published version`;
  if (a.status !== "ACTIVE") return `automation "${a.name}" is paused`;
  return null;
}

/** Inside the claim transaction: the fire row and its runs. */
async function writeFire(tx: Tx, db: Db, s: ScheduleRow, scheduledFor: Date, kind: FireKind, now: Date, createdById: string | null): Promise<FireSummary> {
  const items = audienceItems(s.audience);
  const fire = await tx.scheduleFire.create({
    data: { scheduleId: s.id, workspaceId: s.workspaceId, scheduledFor, firedAt: now, kind, audienceSize: s.audience === null ? 1 : items.length, status: "PENDING" },
    select: { id: true },
  });
  const automationId = s.automationId ?? s.targetAutomationId;
  const blocked = await blockedReason(tx, s.workspaceId, automationId);
  const runIds: string[] = [];
  let failed = 0;
  let firstError: string | null = blocked;
  if (!blocked && automationId) {
    const payload = parsePayload(s.payload);
    const base = {
      ...payload,
      schedule: { id: s.id, name: s.name, cron: s.cron, timezone: s.timezone },
      scheduledFor: scheduledFor.toISOString(),
      firedAt: now.toISOString(),
      kind,
    };
    for (let i = 0; i < items.length; i++) {
      const triggerData = s.audience === null ? base : { ...base, item: items[i], itemIndex: i };
      try {
        const run = await createRunInTx(
          tx,
          { workspaceId: s.workspaceId, automationId, triggerType: "schedule", triggerData, idempotencyKey: `schedule-fire:${fire.id}:${i}`, sourceId: fire.id, createdById },
          db,
        );
        runIds.push(run.runId);
      } catch (err) {
        // Checks before the insert (e.g. trigger data too large) fail one item, not the fire.
        if (!(err instanceof AppError)) throw err;
        failed++;
        firstError ??= `item ${i}: ${err.message}`;
      }
    }
  }
  const started = runIds.length;
  const status: FireSummary["status"] = blocked ? "SKIPPED" : failed === 0 ? "OK" : started === 0 ? "FAILED" : "PARTIAL";
  await tx.scheduleFire.update({ where: { id: fire.id }, data: { runsStarted: started, runsFailed: blocked ? 0 : failed, status, error: firstError } });
  await tx.schedule.update({ where: { id: s.id }, data: { lastStatus: status, lastFiredAt: now } });
  if (status !== "OK") {
    await emitPlatformEvent(tx, {
      workspaceId: s.workspaceId, type: "schedule.failed", automationId, at: now,
      data: {
        schedule_id: s.id, schedule_name: s.name, automation_id: automationId, fire_id: fire.id, status, error: firstError,
        runs_started: started, runs_failed: blocked ? 0 : failed, scheduled_for: scheduledFor.toISOString(),
      },
    });
  }
  return { fireId: fire.id, scheduleId: s.id, scheduledFor, kind, audienceSize: items.length, runsStarted: started, runsFailed: failed, status, error: firstError, runIds };
}

export type TickOutcome =
  | { kind: "fired"; fire: FireSummary }
  | { kind: "skipped"; scheduleId: string }
  | { kind: "lost"; scheduleId: string }
  /** this schedule failed (e.g. the database refused the write); the others still fire, it is retried next tick */
  | { kind: "error"; scheduleId: string; error: string };

/**
 * Does a fire use up one of max_runs' occurrences? Only when it started at
 * least one run: a fire SKIPPED because the target automation was paused (or
 * one whose every item failed, or an empty audience) started nothing, so the
 * schedule keeps its remaining occurrences for fires that do run.
 */
export function consumesOccurrence(fire: Pick<FireSummary, "runsStarted">): boolean {
  return fire.runsStarted > 0;
}

/**
 * Handles one due schedule (active, nextFireAt ≤ now): decides per the missed-
 * tick policy, advances nextFireAt (and fireCount when the fire started runs,
 * see consumesOccurrence), ends the schedule when end_at / max_runs are
 * reached. "lost": another process claimed it first.
 */
export async function fireDueSchedule(db: Db, s: ScheduleRow, now: Date): Promise<TickOutcome> {
  const due = s.nextFireAt;
  if (!s.active || !due || due.getTime() > now.getTime()) return { kind: "lost", scheduleId: s.id };
  const decision = decideTick(s, due, now);
  // Claimed without counting: whether this fire uses an occurrence is known only once its runs exist.
  const next = nextFire(s, now);
  const result = await db.$transaction(async (tx) => {
    const claimed = await tx.schedule.updateMany({
      where: { id: s.id, active: true, nextFireAt: due },
      data: { nextFireAt: next, active: next !== null },
    });
    if (claimed.count !== 1) return { kind: "lost", scheduleId: s.id } as const;
    if (!decision.fire) return { kind: "skipped", scheduleId: s.id } as const;
    // the row as claimed (payload / audience edited since it was listed are used)
    const fresh = await tx.schedule.findUniqueOrThrow({ where: { id: s.id } });
    const fire = await writeFire(tx, db, fresh, decision.scheduledFor, decision.kind, now, null);
    if (consumesOccurrence(fire)) {
      const fireCount = fresh.fireCount + 1;
      const after = nextFire(fresh, now, fireCount);
      await tx.schedule.update({ where: { id: s.id }, data: { fireCount, nextFireAt: after, active: after !== null } });
    }
    return { kind: "fired", fire } as const;
  }, fireTxOptions(s.audience));
  if (result.kind === "fired") for (const id of result.fire.runIds) signalRun(id);
  return result;
}

/** Fire now (manual): runs at once, without touching nextFireAt or the fire count used by max_runs. */
export async function fireScheduleNow(db: Db, s: ScheduleRow, now: Date, createdById: string | null): Promise<FireSummary> {
  const fire = await db.$transaction((tx) => writeFire(tx, db, s, now, "manual", now, createdById), fireTxOptions(s.audience));
  for (const id of fire.runIds) signalRun(id);
  return fire;
}

/** Every due schedule, oldest first; each is fired by exactly one process. */
export async function tickSchedules(db: Db, now: Date, limit = 100): Promise<TickOutcome[]> {
  const due = await db.schedule.findMany({ where: { active: true, nextFireAt: { lte: now } }, orderBy: { nextFireAt: "asc" }, take: limit });
  const out: TickOutcome[] = [];
  for (const s of due) {
    try {
      out.push(await fireDueSchedule(db, s, now));
    } catch (err) {
      out.push({ kind: "error", scheduleId: s.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}
