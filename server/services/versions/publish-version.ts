import { getDb, type Db } from "@/server/db";
import type { GraphProblem } from "@/lib/graph/schema";
import { AppError, type Actor } from "@/server/services/errors";
import { syncTriggers } from "@/server/triggers/sync";
import { writeAudit } from "@/server/services/audit/write-audit";
import { emitPlatformEvent } from "@/server/services/webhook-subscriptions/emit";
import { assertCan, findAutomationInWorkspace } from "@/server/services/automations/scope";
import { checkDraft } from "./validate-draft";
import { knownConnections } from "@/server/services/connections/known";
import { knownOutgoingWebhooks } from "@/server/services/outgoing-webhooks/known";

export interface PublishVersionInput {
  automationId: string;
  /** What changed, shown in the versions list (≤ 500 characters). */
  note?: string;
  /** The draft revision the publisher looked at; publishing fails with CONFLICT if the draft changed since. */
  draftRevision?: number;
}

export interface PublishVersionResult {
  versionId: string;
  automationId: string;
  number: number;
  publishedAt: Date;
  /** Non-blocking problems of the published graph (unreachable steps, unknown template references …). */
  warnings: GraphProblem[];
}

const MAX_ATTEMPTS = 8;

/** Two publishers raced for the same number (unique index) or SQLite refused a concurrent write: safe to retry. */
export function isRetryableWriteConflict(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (code === "P2002" || code === "P2034") return true;
  const message = error instanceof Error ? error.message : "";
  return /SQLITE_BUSY|database is locked|could not serialize/i.test(message);
}

/**
 * Validates the draft and snapshots it (graph + conditions) as the next version
 * number, making it the published version. Numbers come from max+1 inside a
 * transaction that first locks the automation row; the (automationId, number)
 * unique index turns any remaining duplicate into a retry, so numbers are never
 * reused or skipped. An invalid draft writes nothing (the transaction rolls back).
 */
export async function publishVersion(actor: Actor, input: PublishVersionInput, db: Db = getDb()): Promise<PublishVersionResult> {
  assertCan(actor, "automations:write");
  const note = (input.note ?? "").trim();
  if (note.length > 500) {
    throw new AppError("BAD_REQUEST", `note: at most 500 characters (got ${note.length})`, {
      issues: [{ field: "note", message: "at most 500 characters" }],
    });
  }

  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        // Write to the automation row first: this takes its row lock (PostgreSQL) or the write
        // lock (SQLite) until commit, so concurrent publishers of one automation queue up here
        // and each reads the previous one's number. The unique index + retry stays as a backstop.
        await tx.automation.updateMany({
          where: { id: input.automationId, workspaceId: actor.workspaceId },
          data: { updatedById: actor.userId },
        });
        const automation = await findAutomationInWorkspace(tx, actor, input.automationId);
        if (automation.status === "ARCHIVED") {
          throw new AppError("CONFLICT", "This automation is archived; archived automations cannot be published");
        }
        if (input.draftRevision !== undefined && input.draftRevision !== automation.draftRevision) {
          throw new AppError(
            "CONFLICT",
            `The draft changed since you opened it (revision ${input.draftRevision}, now ${automation.draftRevision}); reload and publish again`,
            { expectedRevision: input.draftRevision, currentRevision: automation.draftRevision },
          );
        }
        const check = checkDraft(
          automation.draftGraph,
          automation.conditions,
          await knownConnections(tx, automation.workspaceId),
          await knownOutgoingWebhooks(tx, automation.workspaceId),
        );
        if (!check.ok) {
          const n = check.problems.length;
          throw new AppError("UNPROCESSABLE", `Fix ${n} ${n === 1 ? "problem" : "problems"} before publishing`, {
            problems: check.problems,
            warnings: check.warnings,
          });
        }

        const max = await tx.automationVersion.aggregate({
          where: { automationId: automation.id },
          _max: { number: true },
        });
        const number = (max._max.number ?? 0) + 1;
        const version = await tx.automationVersion.create({
          data: {
            automationId: automation.id,
            workspaceId: actor.workspaceId,
            number,
            graph: JSON.stringify(check.graph),
            conditions: JSON.stringify(check.conditions),
            note,
            publishedById: actor.userId,
          },
          select: { id: true, number: true, publishedAt: true },
        });
        await tx.automation.update({
          where: { id: automation.id },
          data: { publishedVersion: number, updatedById: actor.userId },
        });
        await syncTriggers(tx, automation.id);
        await writeAudit(tx, actor, {
          action: "automation.version.published",
          targetType: "automation",
          targetId: automation.id,
          details: { number, versionId: version.id, note, draftRevision: automation.draftRevision },
        });
        await emitPlatformEvent(tx, {
          workspaceId: actor.workspaceId,
          type: "automation.published",
          automationId: automation.id,
          data: { automation_id: automation.id, name: automation.name, status: automation.status, version: number, version_id: version.id, actor_user_id: actor.userId },
        });
        return {
          versionId: version.id,
          automationId: automation.id,
          number: version.number,
          publishedAt: version.publishedAt,
          warnings: check.warnings,
        };
      });
    } catch (error) {
      if (attempt < MAX_ATTEMPTS && isRetryableWriteConflict(error)) {
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
        continue;
      }
      throw error;
    }
  }
}
