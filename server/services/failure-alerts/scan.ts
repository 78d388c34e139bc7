import type { Db } from "@/server/db";
import { effectiveAlerts, loadWorkspaceAlerts } from "./settings";

/**
 * The durable half of failure alerts: turns FAILED runs into FailureAlert rows.
 * Per workspace with alert settings, a cursor (FailureAlertCursor.scannedTo)
 * says up to which finishedAt its failed runs were read. Each pass reads the
 * FAILED runs with finishedAt > scannedTo − OVERLAP (a run whose commit landed
 * after a later one was read is still inside the overlap), inserts one alert
 * per run (runId is unique: re-reading the overlap adds nothing) and advances
 * the cursor, in one transaction fenced on the cursor row (two scanners: one
 * wins, the other's pass is a no-op). Only reads runs: never changes them.
 */
export const SCAN_OVERLAP_MS = 60_000;
const PAGE = 500;
/** Runs read per workspace and pass; the rest comes in the next pass. */
const MAX_PER_PASS = 5_000;
export const ERROR_MAX_CHARS = 500;

export interface ScanResult {
  workspaces: number;
  /** FailureAlert rows created */
  created: number;
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

class CursorMoved extends Error {}

export function truncateError(e: string | null): string | null {
  if (e === null) return null;
  return e.length <= ERROR_MAX_CHARS ? e : `${e.slice(0, ERROR_MAX_CHARS - 1)}…`;
}

/** Workspaces with a workspace default or any automation override stored. */
async function configuredWorkspaces(db: Db): Promise<string[]> {
  const [ws, autos] = await Promise.all([
    db.workspace.findMany({ where: { failureAlerts: { not: null } }, select: { id: true } }),
    db.automation.findMany({ where: { failureAlerts: { not: null } }, select: { workspaceId: true }, distinct: ["workspaceId"] }),
  ]);
  return [...new Set([...ws.map((w) => w.id), ...autos.map((a) => a.workspaceId)])];
}

type FailedRun = { id: string; automationId: string; finishedAt: Date | null; error: string | null; isTest: boolean };

async function readFailedRuns(db: Db, workspaceId: string, after: Date): Promise<FailedRun[]> {
  const out: FailedRun[] = [];
  let last: { finishedAt: Date; id: string } | null = null;
  while (out.length < MAX_PER_PASS) {
    const page: FailedRun[] = await db.run.findMany({
      where: {
        workspaceId,
        status: "FAILED",
        ...(last
          ? { OR: [{ finishedAt: { gt: last.finishedAt } }, { finishedAt: last.finishedAt, id: { gt: last.id } }] }
          : { finishedAt: { gt: after } }),
      },
      orderBy: [{ finishedAt: "asc" }, { id: "asc" }],
      take: PAGE,
      select: { id: true, automationId: true, finishedAt: true, error: true, isTest: true },
    });
    out.push(...page);
    const tail = page[page.length - 1];
    if (page.length < PAGE || !tail?.finishedAt) break;
    last = { finishedAt: tail.finishedAt, id: tail.id };
  }
  return out;
}

export async function scanWorkspace(db: Db, workspaceId: string, now: Date): Promise<number> {
  const cursor = await db.failureAlertCursor.findUnique({ where: { workspaceId } });
  if (!cursor) {
    // Settings written without the services (or before the cursor existed): alerts start from now.
    await db.failureAlertCursor.create({ data: { workspaceId, scannedTo: now } }).catch((e: unknown) => {
      if (!isUniqueViolation(e)) throw e;
    });
    return 0;
  }
  const runs = await readFailedRuns(db, workspaceId, new Date(cursor.scannedTo.getTime() - SCAN_OVERLAP_MS));
  let scannedTo = cursor.scannedTo;
  for (const r of runs) if (r.finishedAt && r.finishedAt > scannedTo) scannedTo = r.finishedAt;

  const alerts = await loadWorkspaceAlerts(db, workspaceId);
  const wanted = runs.filter((r) => !r.isTest && r.finishedAt && effectiveAlerts(alerts.automations.get(r.automationId) ?? null, alerts.workspace));
  const existing = new Set<string>();
  for (let i = 0; i < wanted.length; i += PAGE) {
    const rows = await db.failureAlert.findMany({ where: { runId: { in: wanted.slice(i, i + PAGE).map((r) => r.id) } }, select: { runId: true } });
    for (const row of rows) existing.add(row.runId);
  }
  const fresh = wanted.filter((r) => !existing.has(r.id));
  if (fresh.length === 0 && scannedTo.getTime() === cursor.scannedTo.getTime()) return 0;
  try {
    await db.$transaction(async (tx) => {
      // The fence: the cursor as read. A scanner that moved it meanwhile wins; this pass writes nothing.
      const moved = await tx.failureAlertCursor.updateMany({ where: { workspaceId, scannedTo: cursor.scannedTo, updatedAt: cursor.updatedAt }, data: { scannedTo } });
      if (moved.count !== 1) throw new CursorMoved();
      for (let i = 0; i < fresh.length; i += PAGE) {
        await tx.failureAlert.createMany({
          data: fresh.slice(i, i + PAGE).map((r) => ({
            workspaceId,
            automationId: r.automationId,
            runId: r.id,
            error: truncateError(r.error),
            failedAt: r.finishedAt ?? now,
            createdAt: now,
          })),
        });
      }
    });
  } catch (e) {
    if (e instanceof CursorMoved || isUniqueViolation(e)) return 0;
    throw e;
  }
  return fresh.length;
}

/** One scan pass over every workspace with alert settings. */
export async function scanFailedRuns(db: Db, now: Date = new Date()): Promise<ScanResult> {
  const ids = await configuredWorkspaces(db);
  let created = 0;
  for (const id of ids) created += await scanWorkspace(db, id, now);
  return { workspaces: ids.length, created };
}
