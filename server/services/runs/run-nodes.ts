import type { DbOrTx } from "@/server/db";
import { isTriggerType } from "@/lib/nodes/registry";
import type { StepStatus } from "@/lib/statuses";
import { asStepStatus, type StepCounts } from "./normalize";

/**
 * Per-node and per-run step aggregates for the run detail, computed in SQL
 * (GROUP BY over the run's StepRun rows) so that a run with thousands of steps
 * (a big loop) never loads its step rows to draw the canvas or the counters.
 * Portable across SQLite and PostgreSQL (quoted identifiers, CASE, COUNT DISTINCT).
 */

/** One graph node of a run: what its executions add up to, and its latest attempt. */
export interface RunNodeSummary {
  nodeId: string;
  nodeName: string;
  nodeType: string;
  /** Status of the node's latest attempt (latest by start, then id: the last row runs.steps lists for it). */
  status: StepStatus;
  /** Distinct executions: loop iterations ("×37 iterations"); 1 outside loops. */
  executions: number;
  /** Step attempts recorded for the node (executions + retries). */
  attempts: number;
  /** Attempts that failed (retried or not). */
  failedAttempts: number;
  /** Sum of the attempts' durations (ms). */
  durationMs: number;
  /** The latest attempt (select it in the step panel; runs.step loads it when it is not on a loaded page). */
  latestStepId: string;
  latestAttempt: number;
  latestIteration: string;
  latestStartedAt: Date;
  error: string | null;
  errorCode: string | null;
  /** Output handles the node left through (next, true, false, item, done, …): the path taken on the canvas. */
  handles: string[];
}

export interface RunStepAggregates {
  nodes: RunNodeSummary[];
  /** Over the latest attempt of every step (a retried step counts once). */
  counts: StepCounts;
  /** The same, trigger steps excluded (seed 000's actions_* counters). */
  actionCounts: StepCounts;
  /** Every step attempt recorded. */
  attemptsTotal: number;
  /** Any step output was cut at the engine's size limit. */
  truncated: boolean;
}

type Num = number | bigint | string | null;
const num = (v: Num): number => (v === null ? 0 : Number(v));

interface NodeRow {
  nodeId: string;
  attempts: Num;
  executions: Num;
  failedAttempts: Num;
  durationMs: Num;
  truncated: Num;
  latestId: string | null;
}

interface CountRow {
  status: string;
  nodeType: string;
  n: Num;
}

interface HandleRow {
  nodeId: string;
  handle: string;
}

export const EMPTY_COUNTS: StepCounts = { total: 0, succeeded: 0, failed: 0, skipped: 0, waiting: 0, running: 0 };

function addCount(c: StepCounts, status: string, n: number): void {
  c.total += n;
  switch (asStepStatus(status)) {
    case "SUCCEEDED":
      c.succeeded += n;
      break;
    case "FAILED":
      c.failed += n;
      break;
    case "SKIPPED":
      c.skipped += n;
      break;
    case "WAITING":
      c.waiting += n;
      break;
    case "RUNNING":
      c.running += n;
      break;
  }
}

export async function runStepAggregates(db: DbOrTx, runId: string): Promise<RunStepAggregates> {
  const [nodeRows, countRows, handleRows] = await Promise.all([
    // one row per node; the latest attempt is the row with the greatest (startedAt, id) of the node:
    // joined on the node's MAX(startedAt) (index seek), ties broken by id below
    db.$queryRaw<NodeRow[]>`
      SELECT g."nodeId", g."attempts", g."executions", g."failedAttempts", g."durationMs", g."truncated", l."id" AS "latestId"
      FROM (
        SELECT "nodeId", COUNT(*) AS "attempts", COUNT(DISTINCT "iteration") AS "executions",
          SUM(CASE WHEN "status" = 'FAILED' THEN 1 ELSE 0 END) AS "failedAttempts",
          SUM(COALESCE("durationMs", 0)) AS "durationMs",
          SUM(CASE WHEN "responseTruncated" THEN 1 ELSE 0 END) AS "truncated",
          MAX("startedAt") AS "lastStartedAt"
        FROM "StepRun" WHERE "runId" = ${runId} GROUP BY "nodeId"
      ) g
      JOIN "StepRun" l ON l."runId" = ${runId} AND l."nodeId" = g."nodeId" AND l."startedAt" = g."lastStartedAt"`,
    // statuses of the last attempt per step (idempotency key)
    db.$queryRaw<CountRow[]>`
      SELECT s."status", s."nodeType", COUNT(*) AS "n"
      FROM "StepRun" s
      JOIN (SELECT "idempotencyKey", MAX("attempt") AS "a" FROM "StepRun" WHERE "runId" = ${runId} GROUP BY "idempotencyKey") m
        ON s."idempotencyKey" = m."idempotencyKey" AND s."attempt" = m."a"
      WHERE s."runId" = ${runId}
      GROUP BY s."status", s."nodeType"`,
    db.$queryRaw<HandleRow[]>`
      SELECT DISTINCT "nodeId", "handle" FROM "StepRun"
      WHERE "runId" = ${runId} AND "handle" IS NOT NULL AND "status" IN ('SUCCEEDED', 'SKIPPED', 'FAILED')`,
  ]);

  // ties on startedAt: keep the greatest id per node (the order runs.steps lists them in)
  const byNode = new Map<string, NodeRow>();
  for (const r of nodeRows) {
    const prev = byNode.get(r.nodeId);
    if (!prev || (r.latestId ?? "") > (prev.latestId ?? "")) byNode.set(r.nodeId, r);
  }
  const latestIds = [...byNode.values()].map((r) => r.latestId).filter((id): id is string => id !== null);
  const latestRows =
    latestIds.length === 0
      ? []
      : await db.stepRun.findMany({
          where: { runId, id: { in: latestIds } },
          select: { id: true, nodeId: true, nodeName: true, nodeType: true, status: true, attempt: true, iteration: true, startedAt: true, finishedAt: true, error: true, errorCode: true },
        });
  const latestById = new Map(latestRows.map((r) => [r.id, r]));
  const handles = new Map<string, string[]>();
  for (const h of handleRows) handles.set(h.nodeId, [...(handles.get(h.nodeId) ?? []), h.handle]);

  const nodes: RunNodeSummary[] = [];
  let attemptsTotal = 0;
  let truncated = false;
  for (const r of byNode.values()) {
    attemptsTotal += num(r.attempts);
    if (num(r.truncated) > 0) truncated = true;
    const latest = r.latestId ? latestById.get(r.latestId) : undefined;
    if (!latest) continue;
    nodes.push({
      nodeId: r.nodeId,
      nodeName: latest.nodeName,
      nodeType: latest.nodeType,
      status: asStepStatus(latest.status),
      executions: num(r.executions),
      attempts: num(r.attempts),
      failedAttempts: num(r.failedAttempts),
      durationMs: num(r.durationMs),
      latestStepId: latest.id,
      latestAttempt: latest.attempt,
      latestIteration: latest.iteration,
      latestStartedAt: latest.startedAt,
      error: latest.error,
      errorCode: latest.errorCode,
      handles: (handles.get(r.nodeId) ?? []).sort(),
    });
  }
  // Steps run one after another: of two started in the same millisecond, the one that finished
  // first ran first (an unfinished one last); the node id only breaks what is left.
  const finishedAt = new Map(latestRows.map((r) => [r.id, r.finishedAt?.getTime() ?? Number.POSITIVE_INFINITY]));
  const finishOf = (n: RunNodeSummary) => finishedAt.get(n.latestStepId) ?? Number.POSITIVE_INFINITY;
  nodes.sort(
    (a, b) => a.latestStartedAt.getTime() - b.latestStartedAt.getTime() || finishOf(a) - finishOf(b) || a.nodeId.localeCompare(b.nodeId),
  );

  const counts: StepCounts = { ...EMPTY_COUNTS };
  const actionCounts: StepCounts = { ...EMPTY_COUNTS };
  for (const c of countRows) {
    addCount(counts, c.status, num(c.n));
    if (!isTriggerType(c.nodeType)) addCount(actionCounts, c.status, num(c.n));
  }
  return { nodes, counts, actionCounts, attemptsTotal, truncated };
}
