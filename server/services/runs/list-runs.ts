import { assertCan } from "@/server/services/automations/scope";
import type { Prisma } from "@/server/db/generated/sqlite/client";
import { getDb, providerOfDb, type Db, type DbOrTx } from "@/server/db";
import { TRIGGER_DATA_KEY, TRIGGER_MARKER_PREFIX } from "@/server/engine/run-store-sql";
import { AppError, notFound, type Actor } from "@/server/services/errors";
import type { RunStatus } from "@/lib/statuses";
import { asRunStatus, durationBetween } from "./normalize";
import { decodeCursor, encodeCursor, type CursorKey } from "@/server/services/paging";

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
  /**
   * Run id (exact, or a prefix of at least 4 characters) or text in the trigger data
   * (substring of the stored JSON text, case-insensitive; trigger data moved to RunData
   * because of its size is searched too). No index serves a substring: each page
   * searches at most SEARCH_SCAN_ROWS runs (newest first, after the other filters) and
   * answers with `searchedTo` when it stopped there; its nextCursor continues below.
   */
  search?: string;
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
  /** Graph nodes a finished run did not execute (branches not taken; every node of a SKIPPED run). */
  skippedStepCount: number;
  error: string | null;
  errorCode: string | null;
  parentRunId: string | null;
  /** The run this one re-runs (runs.rerun / REST …/rerun); null otherwise. */
  rerunOfRunId: string | null;
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
  /**
   * Set when a search stopped at its scan bound: runs created down to this time
   * were searched; older runs may match too (nextCursor continues there). Null otherwise.
   */
  searchedTo: Date | null;
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
  skippedStepCount: true,
  error: true,
  errorCode: true,
  parentRunId: true,
  rerunOfRunId: true,
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
    skippedStepCount: row.skippedStepCount,
    error: row.error,
    errorCode: row.errorCode,
    parentRunId: row.parentRunId,
    rerunOfRunId: row.rerunOfRunId,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    durationMs: durationBetween(row.startedAt, row.finishedAt),
  };
}

export const DEFAULT_RUNS_LIMIT = 25;
export const MAX_RUNS_LIMIT = 100;
/** Runs a search reads per page at most (see ListRunsInput.search). */
export const SEARCH_SCAN_ROWS = 5_000;
export const MAX_SEARCH_LENGTH = 200;
/** Run ids are matched by prefix from this many characters on (shorter: exact id only). */
const MIN_ID_PREFIX = 4;

const ORDER: Prisma.RunOrderByWithRelationInput[] = [{ createdAt: "desc" }, { id: "desc" }];

/** Runs strictly older than the key in (createdAt desc, id desc) order. Written with a createdAt range first so the (…, createdAt, id) indexes bound the scan. */
function olderThan(key: CursorKey): Prisma.RunWhereInput[] {
  return [{ createdAt: { lte: key.at } }, { OR: [{ createdAt: { lt: key.at } }, { id: { lt: key.id } }] }];
}

/** Runs at or newer than the key. */
function notOlderThan(key: CursorKey): Prisma.RunWhereInput[] {
  return [{ createdAt: { gte: key.at } }, { OR: [{ createdAt: { gt: key.at } }, { id: { gte: key.id } }] }];
}

/**
 * Search over the run id and the stored trigger data text. SQLite: LIKE (case-insensitive
 * for ASCII letters; Prisma passes no ESCAPE clause, so % and _ in the search act as
 * wildcards there); PostgreSQL: ILIKE with %, _ and \ escaped (taken literally).
 * Trigger data larger than the inline limit is in RunData: its row holds a marker (never
 * matched itself), and only marked rows look the payload up.
 */
function searchWhere(db: DbOrTx, q: string): Prisma.RunWhereInput {
  // Transaction and extended clients are not registered by createDb: they carry Prisma's provider name.
  const pg = (providerOfDb(db as Db) ?? (db as { _activeProvider?: string })._activeProvider) === "postgresql";
  // `mode` exists on PostgreSQL only; the SQLite client's types do not know it. PostgreSQL's LIKE escape character is \.
  const literal = pg ? q.replace(/[\\%_]/g, "\\$&") : q;
  const text = (pg ? { contains: literal, mode: "insensitive" } : { contains: q }) as { contains: string };
  const marker = { startsWith: TRIGGER_MARKER_PREFIX };
  return {
    OR: [
      q.length >= MIN_ID_PREFIX ? { id: { startsWith: literal } } : { id: q },
      { AND: [{ NOT: { triggerData: marker } }, { triggerData: text }] },
      { AND: [{ triggerData: marker }, { data: { some: { key: TRIGGER_DATA_KEY, value: text } } }] },
    ],
  };
}

/**
 * Runs of the actor's workspace, newest first, keyset-paginated on (createdAt, id):
 * runs created between two page loads never shift the next page (no duplicates, no
 * gaps); they appear on top when the first page is loaded again. Reads list columns
 * only (RUN_LIST_SELECT: no trigger data, state or step payloads) and no total count.
 */
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
  const search = input.search?.trim() ?? "";
  if (search.length > MAX_SEARCH_LENGTH) {
    throw new AppError("BAD_REQUEST", `search: at most ${MAX_SEARCH_LENGTH} characters`, {
      issues: [{ field: "search", message: `at most ${MAX_SEARCH_LENGTH} characters` }],
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
  const filters: Prisma.RunWhereInput[] = [
    {
      workspaceId: actor.workspaceId,
      ...(input.automationId ? { automationId: input.automationId } : {}),
      ...(input.status && input.status.length > 0 ? { status: { in: input.status } } : {}),
      ...(input.triggerType ? { triggerType: input.triggerType } : {}),
      ...(input.isTest !== undefined ? { isTest: input.isTest } : {}),
      ...(input.parentRunId ? { parentRunId: input.parentRunId } : {}),
      ...(input.from || input.to ? { createdAt } : {}),
    },
    ...(after ? olderThan(after) : []),
  ];

  // A search reads at most SEARCH_SCAN_ROWS runs: find the oldest of them (index order, no payloads).
  let floor: CursorKey | null = null;
  if (search) {
    const edge = await db.run.findMany({ where: { AND: filters }, orderBy: ORDER, skip: SEARCH_SCAN_ROWS - 1, take: 1, select: { createdAt: true, id: true } });
    if (edge[0]) floor = { at: edge[0].createdAt, id: edge[0].id };
  }

  const rows = await db.run.findMany({
    where: { AND: [...filters, ...(floor ? notOlderThan(floor) : []), ...(search ? [searchWhere(db, search)] : [])] },
    orderBy: ORDER,
    take: limit + 1,
    select: RUN_LIST_SELECT,
  });

  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  if (rows.length > limit && last) return { items: page.map(toRunListItem), nextCursor: encodeCursor({ at: last.createdAt, id: last.id }), searchedTo: null };
  // Fewer matches than a page within the scan bound: continue below the bound.
  if (floor) return { items: page.map(toRunListItem), nextCursor: encodeCursor(floor), searchedTo: floor.at };
  return { items: page.map(toRunListItem), nextCursor: null, searchedTo: null };
}
