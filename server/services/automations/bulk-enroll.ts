import { z } from "zod";
import { getDb, providerOfDb, type Db } from "@/server/db";
import type { Prisma } from "@/server/db/generated/sqlite/client";
import { signalRun } from "@/server/queue/signal";
import { AppError, type Actor } from "@/server/services/errors";
import { createRunInTx } from "@/server/services/runs/create-run";
import { automationIdField } from "./fields";
import { parseInput } from "./input";
import { assertCan, findAutomationInWorkspace } from "./scope";

export const BULK_ENROLL_MAX_ITEMS = 500;
/** A run with one of these statuses counts as "already enrolled" for its dedupe key. */
export const PENDING_RUN_STATUSES = ["QUEUED", "RUNNING", "PAUSED", "WAITING_FOR_CHILD"];

export const bulkEnrollInput = z.object({
  automationId: automationIdField,
  items: z
    .array(
      z.object({
        data: z.record(z.string(), z.unknown(), { error: () => 'must be a JSON object such as { "contact": { "id": "ct_1" } }' }).default({}),
        dedupe_key: z.string({ error: "must be text" }).trim().min(1, "must not be empty").max(200, "at most 200 characters").optional(),
      }),
      { error: "items: must be a list of { data, dedupe_key? }" },
    )
    .min(1, "items: at least 1 item")
    .max(BULK_ENROLL_MAX_ITEMS, `items: at most ${BULK_ENROLL_MAX_ITEMS} per call; split larger lists into several calls`),
});
export type BulkEnrollInput = z.input<typeof bulkEnrollInput>;

export interface BulkEnrollResult {
  enrolled: number;
  skipped: number;
  runIds: string[];
  /** dedupe keys skipped because a pending run has them, or they repeat earlier in this call */
  skippedKeys: string[];
}

/** Serializes enrollments of one automation so two concurrent calls cannot both miss each other's pending run. */
async function lockAutomation(db: Db, tx: Prisma.TransactionClient, automationId: string): Promise<void> {
  if (providerOfDb(db) === "postgresql") await tx.$queryRaw`SELECT CAST(pg_advisory_xact_lock(hashtext(${`bulk:${automationId}`})) AS TEXT) AS "locked"`;
  // SQLite: one writer at a time; the in-process client serializes transactions and writers in other processes wait for the lock.
}

/**
 * Seed 003 event queues / bulk enroll: one run per item (triggerType "bulk",
 * trigger data = item.data), in one transaction. An item whose dedupe_key
 * already has a pending run of this automation (or appeared earlier in the
 * same call) is skipped. Only active, published automations accept items.
 */
export async function bulkEnroll(actor: Actor, input: BulkEnrollInput, db: Db = getDb()): Promise<BulkEnrollResult> {
  assertCan(actor, "automations:trigger");
  const { automationId, items } = parseInput(bulkEnrollInput, input);
  const result = await db.$transaction(
    async (tx) => {
      const automation = await findAutomationInWorkspace(tx, actor, automationId);
      if (automation.status === "ARCHIVED" || automation.archivedAt) {
        throw new AppError("UNPROCESSABLE", "This automation is archived; restore it before enrolling items", { field: "automationId", status: "ARCHIVED" });
      }
      if (automation.publishedVersion === null) {
        throw new AppError("UNPROCESSABLE", "This automation has no published version: publish and activate it before enrolling items", { field: "automationId", status: automation.status });
      }
      if (automation.status !== "ACTIVE") {
        throw new AppError("UNPROCESSABLE", `This automation is ${automation.status.toLowerCase()}: activate it before enrolling items`, { field: "automationId", status: automation.status });
      }
      await lockAutomation(db, tx, automation.id);
      const keys = [...new Set(items.map((i) => i.dedupe_key).filter((k): k is string => !!k))];
      const pending = keys.length
        ? await tx.run.findMany({
            where: { automationId: automation.id, dedupeKey: { in: keys }, status: { in: PENDING_RUN_STATUSES } },
            select: { dedupeKey: true },
          })
        : [];
      const taken = new Set(pending.map((r) => r.dedupeKey!));
      const runIds: string[] = [];
      const skippedKeys: string[] = [];
      for (const item of items) {
        if (item.dedupe_key) {
          if (taken.has(item.dedupe_key)) {
            skippedKeys.push(item.dedupe_key);
            continue;
          }
          taken.add(item.dedupe_key);
        }
        const run = await createRunInTx(
          tx,
          { workspaceId: actor.workspaceId, automationId: automation.id, triggerType: "bulk", triggerData: item.data, dedupeKey: item.dedupe_key ?? null, createdById: actor.userId },
          db,
        );
        runIds.push(run.runId);
      }
      return { runIds, skippedKeys };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  for (const id of result.runIds) signalRun(id);
  return { enrolled: result.runIds.length, skipped: result.skippedKeys.length, runIds: result.runIds, skippedKeys: result.skippedKeys };
}
