import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import { AppError, type Actor } from "@/server/services/errors";
import { rerunRun, rerunVersionField } from "./rerun-run";
import { runIdField } from "./retry-run";

/** Runs per call; the UI processes a bulk action (at most MAX_BULK_RERUN runs) in chunks of this size and shows progress. */
export const RERUN_CHUNK = 25;
export const MAX_BULK_RERUN = 500;

export const rerunManyInput = z.object({
  runIds: z
    .array(runIdField, { error: "runIds: a list of run ids" })
    .min(1, "runIds: at least one run id")
    .max(RERUN_CHUNK, `runIds: at most ${RERUN_CHUNK} per call (send larger selections in chunks)`)
    .refine((ids) => new Set(ids).size === ids.length, "runIds: list each run at most once"),
  version: rerunVersionField.default("published"),
});
export type RerunManyInput = z.input<typeof rerunManyInput>;

export interface RerunOutcome {
  runId: string;
  newRunId?: string;
  /** why this run was not re-run (not found, archived automation, not finished …) */
  error?: string;
}

/**
 * runs.rerunMany (admins): re-runs each run (as rerunRun, each audited) and
 * answers one outcome per run in input order; a run that cannot be re-run does
 * not stop the others.
 */
export async function rerunMany(actor: Actor, input: RerunManyInput, db: Db = getDb()): Promise<{ results: RerunOutcome[] }> {
  assertCan(actor, "runs:write");
  const { runIds, version } = parseInput(rerunManyInput, input);
  const results: RerunOutcome[] = [];
  for (const runId of runIds) {
    try {
      const r = await rerunRun(actor, { runId, version }, db);
      results.push({ runId, newRunId: r.newRunId });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ runId, error: err.message });
    }
  }
  return { results };
}
