import { assertCan } from "@/server/services/automations/scope";
import { getDb, type DbOrTx } from "@/server/db";
import { readTriggerData } from "@/server/engine/run-store-control";
import { notFound, type Actor } from "@/server/services/errors";
import type { Graph } from "@/lib/graph/schema";
import { RUN_LIST_SELECT, toRunListItem, type RunListItem } from "./list-runs";
import {
  NO_PAYLOAD,
  STEP_META_SELECT,
  countSteps,
  latestAttempts,
  parseGraph,
  safeJson,
  toActionResult,
  type ActionResult,
  type OmittedPayload,
  type StepCounts,
} from "./normalize";
import { loadStepPayloads } from "./step-payloads";
import { summarizeState, type RunExecution } from "./execution";

/** Steps listed inline in a run detail; beyond that, page with runs.steps. */
export const MAX_INLINE_STEPS = 500;
/** Step payloads up to this many characters are inlined; larger ones: runs.step. */
export const INLINE_PAYLOAD_LIMIT = 32 * 1024;
/** Run.state is read for the execution summary only up to this size (it also holds every step output). */
export const STATE_READ_LIMIT = 4 * 1024 * 1024;
const MAX_CHILDREN = 50;

/** Normalized run detail (seed 000 "GET /automations/runs/:runId" + seed 002 run detail). */
export interface RunDetail extends RunListItem {
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
  /** Child workflow runs started by this run (first 50). */
  children: RunListItem[];
  counts: StepCounts;
  /** Seed-000 counters (over the last attempt of each step). */
  actionsTotal: number;
  /** Finished steps: succeeded + failed. */
  actionsExecuted: number;
  actionsFailed: number;
  actionsSkipped: number;
  /** Every step attempt, ordered by start time (first 500). */
  actionResults: ActionResult[];
  /** Step attempts not listed in actionResults because of the 500 cap (page them with runs.steps). */
  actionResultsOmitted: number;
  /** Any step output was cut at the engine's size limit. */
  truncated: boolean;
}

interface SizeRow {
  stateSize: number | bigint | null;
}

export async function getRun(actor: Actor, runId: string, db: DbOrTx = getDb()): Promise<RunDetail> {
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

  const [steps, version, children, sizeRows] = await Promise.all([
    db.stepRun.findMany({
      where: { runId: run.id, workspaceId: actor.workspaceId },
      orderBy: [{ startedAt: "asc" }, { id: "asc" }],
      select: STEP_META_SELECT,
    }),
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
    db.$queryRaw<SizeRow[]>`SELECT length("state") AS "stateSize" FROM "Run" WHERE "id" = ${run.id}`,
  ]);

  const stateSize = Number(sizeRows[0]?.stateSize ?? 0);
  let execution: RunExecution | null = null;
  let stateOmitted: OmittedPayload | null = null;
  if (stateSize > STATE_READ_LIMIT) {
    stateOmitted = { omitted: true, bytes: stateSize };
  } else {
    const row = await db.run.findFirst({ where: { id: run.id, workspaceId: actor.workspaceId }, select: { state: true } });
    execution = summarizeState(safeJson(row?.state));
  }

  const shown = steps.slice(0, MAX_INLINE_STEPS);
  const payloads = await loadStepPayloads(db, run.id, shown.map((s) => s.id), INLINE_PAYLOAD_LIMIT);
  const latest = latestAttempts(steps);
  const counts = countSteps(steps);

  return {
    ...toRunListItem(run),
    versionId: run.versionId,
    parentNodeId: run.parentNodeId,
    depth: run.depth,
    waitKind: run.waitKind,
    wakeAt: run.wakeAt,
    cancelRequested: run.cancelRequested,
    triggerData: safeJson(await readTriggerData(db, run.id, run.triggerData)),
    execution,
    stateOmitted,
    graph: parseGraph(version ? version.graph : run.graphSnapshot),
    conditions: safeJson(version ? version.conditions : run.conditionsSnapshot) ?? [],
    conditionsResult: safeJson(run.conditionsResult),
    children: children.map(toRunListItem),
    counts,
    actionsTotal: counts.total,
    actionsExecuted: counts.succeeded + counts.failed,
    actionsFailed: counts.failed,
    actionsSkipped: counts.skipped,
    actionResults: shown.map((s) => toActionResult(s, payloads.get(s.id) ?? NO_PAYLOAD, latest)),
    actionResultsOmitted: steps.length - shown.length,
    truncated: steps.some((s) => s.responseTruncated),
  };
}
