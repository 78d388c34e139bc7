import { Prisma } from "@/server/db/generated/sqlite/client";
import { getDb, type DbOrTx } from "@/server/db";
import { readTriggerData } from "@/server/engine/run-store-control";
import { assertCan } from "@/server/services/automations/scope";
import { AppError, notFound, type Actor } from "@/server/services/errors";
import { listRuns, RUN_LIST_SELECT, toRunListItem, type ListRunsInput, type RunListItem } from "./list-runs";
import { summarizeState, type RunExecution } from "./execution";
import {
  NO_PAYLOAD,
  STEP_META_SELECT,
  countSteps,
  latestAttempts,
  safeJson,
  toActionResult,
  type ActionResult,
  type OmittedPayload,
  type StepCounts,
  type StepMetaRow,
  type StepPayload,
} from "./normalize";

/**
 * Run export (seed 002 "Export Runs"): one run, or the newest runs matching the
 * runs list's filters (up to 500), with their steps normalized as the run
 * detail is. Bounded memory: the run list is read first (list rows only, no
 * payloads), then each run's details are read when the caller pulls it, and
 * its steps in batches of STEP_BATCH with payloads capped at
 * EXPORT_PAYLOAD_LIMIT each. Step records hold secrets masked (the engine
 * records "••••"), so the export never contains a connection secret.
 */

export const EXPORT_MAX_RUNS = 500;
export const STEP_BATCH = 100;
/** Payloads larger than this (characters) are exported as { omitted, bytes }; the engine caps outputs well below it. */
export const EXPORT_PAYLOAD_LIMIT = 1024 * 1024;
/** Run.state is summarized only up to this size (it also holds every step output). */
const STATE_READ_LIMIT = 4 * 1024 * 1024;
const LIST_PAGE = 100;

/** The filters part: the runs list's input without paging. */
export type RunExportFilters = Omit<ListRunsInput, "cursor" | "limit">;
/** The runs list's filters plus `runId` for one run (cursor and limit, if passed, are ignored). Validated by listRuns; schema: runs.export.schema. */
export type ExportRunsInput = ListRunsInput & { runId?: string };

export interface ExportedRunHead extends RunListItem {
  versionId: string | null;
  parentNodeId: string | null;
  depth: number;
  waitKind: string | null;
  triggerData: unknown;
  conditionsResult: unknown;
  /** Variables, completed/pending nodes (seed 002 "state"); null with stateOmitted when the state is too large. */
  execution: RunExecution | null;
  stateOmitted: OmittedPayload | null;
  counts: StepCounts;
  /** Any step output was cut at the engine's size limit. */
  truncated: boolean;
}

export interface ExportedRun {
  run: ExportedRunHead;
  /** Every step attempt ordered by start time, in batches (pull them in order, once). */
  steps: AsyncIterable<ActionResult[]>;
}

export interface RunExport {
  automation: { id: string; name: string } | null;
  exportedAt: Date;
  runCount: number;
  /** More runs matched the filters than the cap; the newest EXPORT_MAX_RUNS are exported. */
  truncated: boolean;
  limit: number;
  /** The file name the download should get. */
  filename: string;
  runs: AsyncIterable<ExportedRun>;
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "runs"
  );
}

function stamp(d: Date): string {
  // 2025-06-01T10:20:30.000Z → 20250601-102030
  const t = d.toISOString();
  return `${t.slice(0, 10).replace(/-/g, "")}-${t.slice(11, 19).replace(/:/g, "")}`;
}

/** Validates the input, reads the list of runs to export (no payloads) and returns a lazy stream of their details. */
export async function exportRuns(actor: Actor, input: ExportRunsInput, db: DbOrTx = getDb(), now: Date = new Date()): Promise<RunExport> {
  assertCan(actor, "runs:read");
  const { runId, cursor: _cursor, limit: _limit, ...filters } = input;
  if (runId !== undefined && (typeof runId !== "string" || runId.length === 0 || runId.length > 64)) {
    throw new AppError("BAD_REQUEST", "runId: 1–64 characters", { issues: [{ field: "runId", message: "1–64 characters" }] });
  }

  let items: RunListItem[];
  let truncated = false;
  let automation: RunExport["automation"] = null;
  if (runId) {
    const row = await db.run.findFirst({
      where: { id: runId, workspaceId: actor.workspaceId, ...(filters.automationId ? { automationId: filters.automationId } : {}) },
      select: RUN_LIST_SELECT,
    });
    if (!row) throw notFound("Run");
    items = [toRunListItem(row)];
    automation = { id: row.automationId, name: row.automation.name };
  } else {
    if (filters.automationId) {
      const a = await db.automation.findFirst({ where: { id: filters.automationId, workspaceId: actor.workspaceId }, select: { id: true, name: true } });
      if (!a) throw notFound("Automation");
      automation = a;
    }
    items = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await listRuns(actor, { ...filters, cursor, limit: Math.min(LIST_PAGE, EXPORT_MAX_RUNS - items.length) }, db);
      items.push(...page.items);
      if (!page.nextCursor) break;
      if (items.length >= EXPORT_MAX_RUNS) {
        truncated = true;
        break;
      }
      cursor = page.nextCursor;
    }
  }

  const base = runId ? `run-${runId}` : `runs-${slug(automation?.name ?? "workspace")}`;
  return {
    automation,
    exportedAt: now,
    runCount: items.length,
    truncated,
    limit: EXPORT_MAX_RUNS,
    filename: `${base}-${stamp(now)}.json`,
    runs: streamRuns(actor, items, db),
  };
}

async function* streamRuns(actor: Actor, items: RunListItem[], db: DbOrTx): AsyncGenerator<ExportedRun> {
  for (const item of items) {
    const run = await readRunHead(actor, item, db);
    if (run) yield run;
  }
}

interface SizeRow {
  stateSize: number | bigint | null;
}

async function readRunHead(actor: Actor, item: RunListItem, db: DbOrTx): Promise<ExportedRun | null> {
  const row = await db.run.findFirst({
    where: { id: item.id, workspaceId: actor.workspaceId },
    select: { versionId: true, parentNodeId: true, depth: true, waitKind: true, triggerData: true, conditionsResult: true },
  });
  // Deleted since the list was read (retention): skip it.
  if (!row) return null;
  const [keys, sizeRows] = await Promise.all([
    db.stepRun.findMany({ where: { runId: item.id, workspaceId: actor.workspaceId }, select: { idempotencyKey: true, attempt: true, status: true, responseTruncated: true } }),
    db.$queryRaw<SizeRow[]>`SELECT length("state") AS "stateSize" FROM "Run" WHERE "id" = ${item.id}`,
  ]);
  const stateSize = Number(sizeRows[0]?.stateSize ?? 0);
  let execution: RunExecution | null = null;
  let stateOmitted: OmittedPayload | null = null;
  if (stateSize > STATE_READ_LIMIT) stateOmitted = { omitted: true, bytes: stateSize };
  else {
    const s = await db.run.findFirst({ where: { id: item.id, workspaceId: actor.workspaceId }, select: { state: true } });
    execution = summarizeState(safeJson(s?.state));
  }
  const latest = latestAttempts(keys);
  return {
    run: {
      ...item,
      versionId: row.versionId,
      parentNodeId: row.parentNodeId,
      depth: row.depth,
      waitKind: row.waitKind,
      triggerData: safeJson(await readTriggerData(db, item.id, row.triggerData)),
      conditionsResult: safeJson(row.conditionsResult),
      execution,
      stateOmitted,
      counts: countSteps(keys),
      truncated: keys.some((k) => k.responseTruncated),
    },
    steps: stepBatches(actor, item.id, latest, db),
  };
}

interface PayloadSizeRow {
  id: string;
  requestSize: number | bigint | null;
  responseSize: number | bigint | null;
}

/** A run's step attempts by (startedAt, id), STEP_BATCH at a time, with their payloads. */
async function* stepBatches(actor: Actor, runId: string, latest: Map<string, number>, db: DbOrTx): AsyncGenerator<ActionResult[]> {
  let after: { startedAt: Date; id: string } | null = null;
  for (;;) {
    const steps: StepMetaRow[] = await db.stepRun.findMany({
      where: {
        runId,
        workspaceId: actor.workspaceId,
        ...(after ? { OR: [{ startedAt: { gt: after.startedAt } }, { startedAt: after.startedAt, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ startedAt: "asc" }, { id: "asc" }],
      take: STEP_BATCH,
      select: STEP_META_SELECT,
    });
    if (steps.length === 0) return;
    const payloads = await loadPayloads(db, runId, steps.map((s) => s.id));
    yield steps.map((s) => toActionResult(s, payloads.get(s.id) ?? NO_PAYLOAD, latest));
    if (steps.length < STEP_BATCH) return;
    const last = steps[steps.length - 1];
    after = { startedAt: last.startedAt, id: last.id };
  }
}

async function loadPayloads(db: DbOrTx, runId: string, ids: string[]): Promise<Map<string, StepPayload>> {
  const out = new Map<string, StepPayload>();
  const sizes = await db.$queryRaw<PayloadSizeRow[]>`
    SELECT "id", length("request") AS "requestSize", length("response") AS "responseSize"
    FROM "StepRun" WHERE "runId" = ${runId} AND "id" IN (${joinIds(ids)})`;
  const wantRequest: string[] = [];
  const wantResponse: string[] = [];
  for (const r of sizes) {
    const p: StepPayload = { ...NO_PAYLOAD };
    const req = r.requestSize === null ? null : Number(r.requestSize);
    const res = r.responseSize === null ? null : Number(r.responseSize);
    if (req !== null) {
      if (req <= EXPORT_PAYLOAD_LIMIT) wantRequest.push(r.id);
      else p.requestOmitted = { omitted: true, bytes: req };
    }
    if (res !== null) {
      if (res <= EXPORT_PAYLOAD_LIMIT) wantResponse.push(r.id);
      else p.responseOmitted = { omitted: true, bytes: res };
    }
    out.set(r.id, p);
  }
  if (wantRequest.length > 0) {
    for (const r of await db.stepRun.findMany({ where: { runId, id: { in: wantRequest } }, select: { id: true, request: true } })) {
      const p = out.get(r.id);
      if (p) p.request = safeJson(r.request);
    }
  }
  if (wantResponse.length > 0) {
    for (const r of await db.stepRun.findMany({ where: { runId, id: { in: wantResponse } }, select: { id: true, response: true } })) {
      const p = out.get(r.id);
      if (p) p.response = safeJson(r.response);
    }
  }
  return out;
}

function joinIds(ids: string[]): Prisma.Sql {
  return Prisma.join(ids.map((id) => Prisma.sql`${id}`), ", ");
}
