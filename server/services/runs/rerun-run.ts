import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { rerunBlock, type RerunVersion } from "@/lib/runs/operations";
import { isFinishedRunStatus, type RunStatus } from "@/lib/statuses";
import { readTriggerData } from "@/server/engine/run-store-control";
import { writeAudit } from "@/server/services/audit/write-audit";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import { AppError, type Actor } from "@/server/services/errors";
import { createRun } from "./create-run";
import { runIdField } from "./retry-run";

export const RERUN_VERSIONS = ["published", "ran"] as const satisfies readonly RerunVersion[];
export const rerunVersionField = z.enum(RERUN_VERSIONS, { error: () => 'version must be "published" (the current published version) or "ran" (the version that ran)' });

export const rerunRunInput = z.object({ runId: runIdField, version: rerunVersionField.default("published") });
export type RerunRunInput = z.input<typeof rerunRunInput>;

export interface RerunRunResult {
  /** the run that was re-run */
  runId: string;
  /** the new run */
  newRunId: string;
  status: RunStatus;
  versionNumber: number | null;
  isTest: boolean;
}

/**
 * runs.rerun / POST /automations/runs/:run_id/rerun (admins): a NEW run with the
 * same trigger data (also when it was stored outside the run row), linked to the
 * original (rerunOfRunId), through createRun. `version`: "published" = the
 * automation's current published version, "ran" = the version the run executed.
 * Test runs re-run as test runs: "published" = the current draft, "ran" = the
 * draft snapshot that ran. Finished runs only. Audited as run.rerun.
 */
export async function rerunRun(actor: Actor, input: RerunRunInput, db: Db = getDb()): Promise<RerunRunResult> {
  assertCan(actor, "runs:write");
  const { runId, version } = parseInput(rerunRunInput, input);
  const run = await db.run.findFirst({
    where: { id: runId, workspaceId: actor.workspaceId },
    select: {
      id: true, automationId: true, status: true, isTest: true, versionId: true, versionNumber: true, graphSnapshot: true, conditionsSnapshot: true,
      triggerType: true, triggerData: true, automation: { select: { status: true, archivedAt: true, publishedVersion: true } },
    },
  });
  if (!run) throw new AppError("NOT_FOUND", "Run not found", { id: runId });
  const automation = { archived: run.automation.status === "ARCHIVED" || run.automation.archivedAt !== null, publishedVersion: run.automation.publishedVersion };
  const blocked = rerunBlock({ status: run.status, isTest: run.isTest, versionNumber: run.versionNumber, automation }, version);
  if (blocked) throw new AppError(isFinishedRunStatus(run.status) ? "UNPROCESSABLE" : "CONFLICT", blocked, { status: run.status, version });

  const text = await readTriggerData(db, run.id, run.triggerData);
  let triggerData: unknown;
  try {
    triggerData = JSON.parse(text);
  } catch {
    throw new AppError("UNPROCESSABLE", "The run's trigger data could not be read back; it cannot be re-run");
  }
  const ran = version === "ran";
  if (ran && run.isTest && !run.graphSnapshot) throw new AppError("UNPROCESSABLE", "The draft snapshot this test run executed is not recorded; re-run it on the current draft");
  const created = await createRun(
    {
      workspaceId: actor.workspaceId,
      automationId: run.automationId,
      triggerType: run.triggerType,
      triggerData,
      test: run.isTest,
      createdById: actor.apiKeyId ? null : actor.userId,
      rerunOfRunId: run.id,
      ...(ran && !run.isTest && run.versionId ? { versionId: run.versionId } : {}),
      ...(ran && run.isTest && run.graphSnapshot ? { testSnapshot: { graph: run.graphSnapshot, conditions: run.conditionsSnapshot ?? "[]" } } : {}),
      reason: `re-run of run ${run.id} on ${describeVersion(run.isTest, version, run.versionNumber)}`,
    },
    db,
  );
  await writeAudit(db, actor, {
    action: "run.rerun",
    targetType: "run",
    targetId: run.id,
    details: { newRunId: created.runId, version, versionNumber: created.versionNumber, isTest: created.isTest },
  });
  return { runId: run.id, newRunId: created.runId, status: created.status, versionNumber: created.versionNumber, isTest: created.isTest };
}

function describeVersion(isTest: boolean, version: RerunVersion, ranNumber: number | null): string {
  if (isTest) return version === "ran" ? "the draft snapshot that ran" : "the current draft";
  return version === "ran" ? `the version that ran (v${ranNumber ?? "?"})` : "the published version";
}
