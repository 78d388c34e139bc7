import { assertCan } from "@/server/services/automations/scope";
import { getDb, type DbOrTx } from "@/server/db";
import { readTriggerData } from "@/server/engine/run-store-control";
import { notFound, type Actor } from "@/server/services/errors";
import type { Graph } from "@/lib/graph/schema";
import { RUN_LIST_SELECT, toRunListItem, type RunListItem } from "./list-runs";
import type { StepStatus } from "@/lib/statuses";
import { asStepStatus, durationBetween, parseGraph, safeJson, type ActionResult, type OmittedPayload, type StepCounts } from "./normalize";
import { summarizeState, type RunExecution } from "./execution";
import { INLINE_PAYLOAD_LIMIT, readStepPage } from "./list-steps";
import { runStepAggregates, type RunNodeSummary } from "./run-nodes";
import { listRunEvents, type RunEventList } from "./run-events";

export { INLINE_PAYLOAD_LIMIT };
/** Steps listed inline in the REST run detail; beyond that, page with runs.steps. */
export const MAX_INLINE_STEPS = 500;
/** Run.state is read for the execution summary only up to this size (it also holds every step output). */
export const STATE_READ_LIMIT = 4 * 1024 * 1024;
const MAX_CHILDREN = 50;

/** The run's latest failed step and every attempt of it (the error panel). */
export interface RunFailure {
  stepId: string;
  nodeId: string;
  nodeName: string;
  nodeType: string;
  iteration: string;
  error: string | null;
  errorCode: string | null;
  /** Attempts of that step (same idempotency key), oldest first; no payloads. */
  attempts: RunFailureAttempt[];
}

export interface RunFailureAttempt {
  id: string;
  attempt: number;
  status: StepStatus;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  error: string | null;
  errorCode: string | null;
}

/** Attempts of the failing step listed in the error panel. */
const MAX_FAILURE_ATTEMPTS = 25;

/**
 * The run header for the run page (runs.get): everything but the step rows. Per-node
 * aggregates (GROUP BY) draw the canvas; the steps themselves are paged with runs.steps.
 */
export interface RunHeader extends RunListItem {
  versionId: string | null;
  parentNodeId: string | null;
  depth: number;
  /** PAUSED reason: delay | retry | external | approval | webhook. */
  waitKind: string | null;
  wakeAt: Date | null;
  cancelRequested: boolean;
  triggerData: unknown;
  /** Variables, completed/pending nodes and the waiting step, from the engine state; null with stateOmitted when the state is too large to read. */
  execution: RunExecution | null;
  stateOmitted: OmittedPayload | null;
  /** The graph this run executes: its published version's, or the draft snapshot of a test run. For the canvas overlay. */
  graph: Graph | null;
  /** Automation-level conditions this run was gated by. */
  conditions: unknown;
  /** The engine's recorded evaluation of those conditions (which one failed and why); null before evaluation. */
  conditionsResult: unknown;
  /** The run that started this one (run_workflow step), if any. */
  parent: RunListItem | null;
  /** Child workflow runs started by this run (first 50). */
  children: RunListItem[];
  /** Child runs beyond the first 50. */
  childrenOmitted: number;
  counts: StepCounts;
  /** Seed-000 counters (over the last attempt of each step). */
  actionsTotal: number;
  /** Finished steps: succeeded + failed. */
  actionsExecuted: number;
  actionsFailed: number;
  actionsSkipped: number;
  /** The same counters without trigger steps (REST's actions_*). */
  actionCounts: StepCounts;
  /** Every step attempt recorded (runs.steps pages through them). */
  stepAttempts: number;
  /** Per graph node: latest status, executions (loop iterations), attempts, total duration, handles taken. */
  nodes: RunNodeSummary[];
  /** The latest failed step and its attempt history; null when no step's last attempt failed. */
  failure: RunFailure | null;
  /** Status transitions (RunEvent), oldest first. */
  events: RunEventList;
  /** Any step output was cut at the engine's size limit. */
  truncated: boolean;
}

/** Normalized run detail (seed 000 "GET /automations/runs/:runId" + seed 002 run detail), for REST: the header and the first step attempts. */
export interface RunDetail extends RunHeader {
  /** Step attempts ordered by start time (the first 500). */
  actionResults: ActionResult[];
  /** Step attempts not listed in actionResults because of the 500 cap (page them with runs.steps). */
  actionResultsOmitted: number;
  /** runs.steps cursor for the attempts after actionResults; null when all are listed. */
  stepsNextCursor: string | null;
}

interface SizeRow {
  stateSize: number | bigint | null;
}

async function loadFailure(db: DbOrTx, runId: string): Promise<RunFailure | null> {
  const last = await db.stepRun.findFirst({
    where: { runId, status: "FAILED" },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    select: { id: true, nodeId: true, nodeName: true, nodeType: true, iteration: true, idempotencyKey: true, error: true, errorCode: true },
  });
  if (!last) return null;
  const attempts = await db.stepRun.findMany({
    where: { runId, idempotencyKey: last.idempotencyKey },
    orderBy: [{ attempt: "desc" }],
    take: MAX_FAILURE_ATTEMPTS,
    select: { id: true, attempt: true, status: true, startedAt: true, finishedAt: true, durationMs: true, error: true, errorCode: true },
  });
  return {
    stepId: last.id,
    nodeId: last.nodeId,
    nodeName: last.nodeName,
    nodeType: last.nodeType,
    iteration: last.iteration,
    error: last.error,
    errorCode: last.errorCode,
    attempts: attempts.reverse().map((a) => ({
      ...a,
      status: asStepStatus(a.status),
      durationMs: a.durationMs ?? durationBetween(a.startedAt, a.finishedAt),
    })),
  };
}

/** runs.get: the run without its step rows (constant work in the number of steps, apart from the GROUP BY aggregates). */
export async function getRunHeader(actor: Actor, runId: string, db: DbOrTx = getDb()): Promise<RunHeader> {
  assertCan(actor, "runs:read");
  const run = await db.run.findFirst({
    where: { id: runId, workspaceId: actor.workspaceId },
    select: {
      ...RUN_LIST_SELECT,
      versionId: true,
      parentNodeId: true,
      depth: true,
      waitKind: true,
      wakeAt: true,
      cancelRequested: true,
      triggerData: true,
      graphSnapshot: true,
      conditionsSnapshot: true,
      conditionsResult: true,
    },
  });
  if (!run) throw notFound("Run");

  const [aggregates, version, children, childCount, parent, events, sizeRows] = await Promise.all([
    runStepAggregates(db, run.id),
    run.versionId
      ? db.automationVersion.findFirst({
          where: { id: run.versionId, workspaceId: actor.workspaceId },
          select: { graph: true, conditions: true },
        })
      : Promise.resolve(null),
    db.run.findMany({
      where: { parentRunId: run.id, workspaceId: actor.workspaceId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: MAX_CHILDREN,
      select: RUN_LIST_SELECT,
    }),
    db.run.count({ where: { parentRunId: run.id, workspaceId: actor.workspaceId } }),
    run.parentRunId
      ? db.run.findFirst({ where: { id: run.parentRunId, workspaceId: actor.workspaceId }, select: RUN_LIST_SELECT })
      : Promise.resolve(null),
    listRunEvents(db, actor, run.id),
    db.$queryRaw<SizeRow[]>`SELECT length("state") AS "stateSize" FROM "Run" WHERE "id" = ${run.id}`,
  ]);

  const stateSize = Number(sizeRows[0]?.stateSize ?? 0);
  let execution: RunExecution | null = null;
  let stateOmitted: OmittedPayload | null = null;
  const [stateRow, failure, triggerData] = await Promise.all([
    stateSize > STATE_READ_LIMIT
      ? Promise.resolve(null)
      : db.run.findFirst({ where: { id: run.id, workspaceId: actor.workspaceId }, select: { state: true } }),
    aggregates.counts.failed > 0 ? loadFailure(db, run.id) : Promise.resolve(null),
    readTriggerData(db, run.id, run.triggerData),
  ]);
  if (stateSize > STATE_READ_LIMIT) stateOmitted = { omitted: true, bytes: stateSize };
  else execution = summarizeState(safeJson(stateRow?.state));

  const counts = aggregates.counts;
  return {
    ...toRunListItem(run),
    versionId: run.versionId,
    parentNodeId: run.parentNodeId,
    depth: run.depth,
    waitKind: run.waitKind,
    wakeAt: run.wakeAt,
    cancelRequested: run.cancelRequested,
    triggerData: safeJson(triggerData),
    execution,
    stateOmitted,
    graph: parseGraph(version ? version.graph : run.graphSnapshot),
    conditions: safeJson(version ? version.conditions : run.conditionsSnapshot) ?? [],
    conditionsResult: safeJson(run.conditionsResult),
    parent: parent ? toRunListItem(parent) : null,
    children: children.map(toRunListItem),
    childrenOmitted: Math.max(0, childCount - children.length),
    counts,
    actionsTotal: counts.total,
    actionsExecuted: counts.succeeded + counts.failed,
    actionsFailed: counts.failed,
    actionsSkipped: counts.skipped,
    actionCounts: aggregates.actionCounts,
    stepAttempts: aggregates.attemptsTotal,
    nodes: aggregates.nodes,
    failure,
    events,
    truncated: aggregates.truncated,
  };
}

/** REST run detail: the header plus the first MAX_INLINE_STEPS step attempts (never more rows than that). */
export async function getRun(actor: Actor, runId: string, db: DbOrTx = getDb()): Promise<RunDetail> {
  const header = await getRunHeader(actor, runId, db);
  const page = await readStepPage(db, actor.workspaceId, header.id, { limit: MAX_INLINE_STEPS });
  return {
    ...header,
    actionResults: page.items,
    actionResultsOmitted: Math.max(0, header.stepAttempts - page.items.length),
    stepsNextCursor: page.nextCursor,
  };
}
