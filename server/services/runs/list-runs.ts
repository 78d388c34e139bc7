import { assertCan } from "@/server/services/automations/scope";
import type { Prisma } from "@/server/db/generated/sqlite/client";
import { getDb, type DbOrTx } from "@/server/db";
import { AppError, notFound, type Actor } from "@/server/services/errors";
import type { RunStatus } from "@/lib/statuses";
import { asRunStatus, durationBetween } from "./normalize";
import { decodeCursor, encodeCursor } from "./cursor";

export interface ListRunsInput {
  automationId?: string;
  status?: RunStatus[];
  triggerType?: string;
  isTest?: boolean;
  /** createdAt ≥ from */
  from?: Date;
  /** createdAt ≤ to */
  to?: Date;
  /** Runs started by this parent run (child workflows). */
  parentRunId?: string;
  cursor?: string;
  /** 1–100, default 25 */
  limit?: number;
}

/** One row of a runs list. Never carries payloads (trigger data, state, step outputs). */
export interface RunListItem {
  id: string;
  automationId: string;
  automationName: string;
  status: RunStatus;
  triggerType: string;
  isTest: boolean;
  versionNumber: number | null;
  stepCount: number;
  failedStepCount: number;
  error: string | null;
  errorCode: string | null;
  parentRunId: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** finishedAt − startedAt; null while unfinished. */
  durationMs: number | null;
}

export interface RunListPage {
  items: RunListItem[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** The only Run columns list views read. */
export const RUN_LIST_SELECT = {
  id: true,
  automationId: true,
  status: true,
  triggerType: true,
  isTest: true,
  versionNumber: true,
  stepCount: true,
  failedStepCount: true,
  error: true,
  errorCode: true,
  parentRunId: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  automation: { select: { name: true } },
} as const;

export type RunListRow = Prisma.RunGetPayload<{ select: typeof RUN_LIST_SELECT }>;

export function toRunListItem(row: RunListRow): RunListItem {
  return {
    id: row.id,
    automationId: row.automationId,
    automationName: row.automation.name,
    status: asRunStatus(row.status),
    triggerType: row.triggerType,
    isTest: row.isTest,
    versionNumber: row.versionNumber,
    stepCount: row.stepCount,
    failedStepCount: row.failedStepCount,
    error: row.error,
    errorCode: row.errorCode,
    parentRunId: row.parentRunId,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    durationMs: durationBetween(row.startedAt, row.finishedAt),
  };
}

export const DEFAULT_RUNS_LIMIT = 25;
export const MAX_RUNS_LIMIT = 100;

/** Runs of the actor's workspace, newest first, keyset-paginated. */
export async function listRuns(actor: Actor, input: ListRunsInput, db: DbOrTx = getDb()): Promise<RunListPage> {
  assertCan(actor, "runs:read");
  const limit = input.limit ?? DEFAULT_RUNS_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RUNS_LIMIT) {
    throw new AppError("BAD_REQUEST", `limit: must be a whole number from 1 to ${MAX_RUNS_LIMIT} (got ${limit})`, {
      issues: [{ field: "limit", message: `must be 1–${MAX_RUNS_LIMIT}` }],
    });
  }
  if (input.from && input.to && input.from > input.to) {
    throw new AppError("BAD_REQUEST", "from: must not be later than to", {
      issues: [{ field: "from", message: "must not be later than to" }],
    });
  }
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  if (input.automationId) {
    // An automation id from another workspace answers like an unknown id.
    const found = await db.automation.findFirst({
      where: { id: input.automationId, workspaceId: actor.workspaceId },
      select: { id: true },
    });
    if (!found) throw notFound("Automation");
  }

  const createdAt: { gte?: Date; lte?: Date } = {};
  if (input.from) createdAt.gte = input.from;
  if (input.to) createdAt.lte = input.to;

  const rows = await db.run.findMany({
    where: {
      workspaceId: actor.workspaceId,
      ...(input.automationId ? { automationId: input.automationId } : {}),
      ...(input.status && input.status.length > 0 ? { status: { in: input.status } } : {}),
      ...(input.triggerType ? { triggerType: input.triggerType } : {}),
      ...(input.isTest !== undefined ? { isTest: input.isTest } : {}),
      ...(input.parentRunId ? { parentRunId: input.parentRunId } : {}),
      ...(input.from || input.to ? { createdAt } : {}),
      ...(after
        ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: RUN_LIST_SELECT,
  });

  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toRunListItem),
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
  };
}
