import { z } from "zod";
import { getDb, type DbOrTx } from "@/server/db";
import type { RunOperationsSubject } from "@/lib/runs/operations";
import type { RunStatus } from "@/lib/statuses";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import { AppError, type Actor } from "@/server/services/errors";
import { runIdField } from "./retry-run";

export const runOperationsInfoInput = z.object({ runId: runIdField });

/** Re-runs of a run listed on its page (newest first). */
const MAX_RERUNS = 5;

export interface RunLink {
  id: string;
  status: RunStatus;
  createdAt: Date;
  versionNumber: number | null;
}

/** What the run page's operations need: the subject of lib/runs/operations' rules, the failed step, and re-run links. */
export interface RunOperationsInfo extends RunOperationsSubject {
  runId: string;
  automationId: string;
  /** the step a retry executes again (the newest failed attempt of a failed run) */
  failedStep: { nodeId: string; nodeName: string; iteration: string; attempt: number } | null;
  /** the run this one re-ran */
  rerunOf: RunLink | null;
  /** runs that re-ran this one (newest first, first 5) and how many there are */
  reruns: RunLink[];
  rerunCount: number;
}

const LINK = { id: true, status: true, createdAt: true, versionNumber: true } as const;
const link = (r: { id: string; status: string; createdAt: Date; versionNumber: number | null }): RunLink => ({ ...r, status: r.status as RunStatus });

/** runs.operations({ runId }): read-only; members may read it (the rules then say why a specialist cannot act). */
export async function getRunOperationsInfo(actor: Actor, input: z.input<typeof runOperationsInfoInput>, db: DbOrTx = getDb()): Promise<RunOperationsInfo> {
  assertCan(actor, "runs:read");
  const { runId } = parseInput(runOperationsInfoInput, input);
  const run = await db.run.findFirst({
    where: { id: runId, workspaceId: actor.workspaceId },
    select: {
      id: true, automationId: true, status: true, isTest: true, errorCode: true, cancelRequested: true, waitKind: true, versionNumber: true, rerunOfRunId: true,
      automation: { select: { status: true, archivedAt: true, publishedVersion: true } },
    },
  });
  if (!run) throw new AppError("NOT_FOUND", "Run not found", { id: runId });
  const [failed, rerunOf, reruns, rerunCount] = await Promise.all([
    run.status === "FAILED"
      ? db.stepRun.findFirst({
          where: { runId: run.id, workspaceId: actor.workspaceId, status: "FAILED" },
          orderBy: [{ startedAt: "desc" }, { attempt: "desc" }],
          select: { nodeId: true, nodeName: true, iteration: true, attempt: true },
        })
      : null,
    run.rerunOfRunId ? db.run.findFirst({ where: { id: run.rerunOfRunId, workspaceId: actor.workspaceId }, select: LINK }) : null,
    db.run.findMany({ where: { rerunOfRunId: run.id, workspaceId: actor.workspaceId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: MAX_RERUNS, select: LINK }),
    db.run.count({ where: { rerunOfRunId: run.id, workspaceId: actor.workspaceId } }),
  ]);
  return {
    runId: run.id,
    automationId: run.automationId,
    status: run.status,
    isTest: run.isTest,
    errorCode: run.errorCode,
    cancelRequested: run.cancelRequested,
    waitKind: run.waitKind,
    versionNumber: run.versionNumber,
    automation: { archived: run.automation.status === "ARCHIVED" || run.automation.archivedAt !== null, publishedVersion: run.automation.publishedVersion },
    failedStep: failed,
    rerunOf: rerunOf ? link(rerunOf) : null,
    reruns: reruns.map(link),
    rerunCount,
  };
}
