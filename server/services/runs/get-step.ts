import { getDb, type DbOrTx } from "@/server/db";
import { notFound, type Actor } from "@/server/services/errors";
import { assertCan } from "@/server/services/automations/scope";
import { STEP_META_SELECT, latestAttempts, safeJson, toActionResult, type ActionResult } from "./normalize";

export interface GetStepInput {
  runId: string;
  stepId: string;
}

export interface StepDetail extends ActionResult {
  runId: string;
  /** `<runId>:<nodeId>:<iteration>`, the same on every attempt (sent as Idempotency-Key by HTTP steps). */
  idempotencyKey: string;
}

/** One step attempt with its full request and response (as stored, up to the engine's output limit). */
export async function getStep(actor: Actor, input: GetStepInput, db: DbOrTx = getDb()): Promise<StepDetail> {
  assertCan(actor, "runs:read");
  const step = await db.stepRun.findFirst({
    where: { id: input.stepId, runId: input.runId, workspaceId: actor.workspaceId },
    select: { ...STEP_META_SELECT, runId: true, request: true, response: true },
  });
  if (!step) throw notFound("Step");
  const attempts = await db.stepRun.findMany({
    where: { runId: step.runId, idempotencyKey: step.idempotencyKey },
    select: { idempotencyKey: true, attempt: true },
  });
  const payload = { request: safeJson(step.request), response: safeJson(step.response), requestOmitted: null, responseOmitted: null };
  return {
    ...toActionResult(step, payload, latestAttempts(attempts)),
    runId: step.runId,
    idempotencyKey: step.idempotencyKey,
  };
}
