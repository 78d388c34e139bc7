import type { Db } from "@/server/db";
import type { Notifier } from "@/server/engine/contract";

/**
 * In-app notifications for notification steps. Recipients are the given user ids
 * that are members of the workspace (others are ignored) plus every member with
 * one of the given roles. Idempotent per (userId, stepKey): a retried step does
 * not notify anyone twice, and reports the same recipient count.
 */

export interface NotifierOptions {
  db: Db;
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

export function createNotifier({ db }: NotifierOptions): Notifier {
  return {
    async notify({ workspaceId, stepKey, runId, userIds, roles, title, body, link }) {
      if (userIds.length === 0 && roles.length === 0) return { delivered: 0 };
      const members = await db.membership.findMany({
        where: {
          workspaceId,
          OR: [...(userIds.length ? [{ userId: { in: userIds } }] : []), ...(roles.length ? [{ role: { in: roles } }] : [])],
        },
        select: { userId: true },
      });
      const recipients = [...new Set(members.map((m) => m.userId))];
      if (recipients.length === 0) return { delivered: 0 };

      const already = await db.notification.findMany({
        where: { stepKey, userId: { in: recipients } },
        select: { userId: true },
      });
      const have = new Set(already.map((n) => n.userId));
      for (const userId of recipients) {
        if (have.has(userId)) continue;
        try {
          await db.notification.create({
            data: { workspaceId, userId, stepKey, runId, title, body, link: link || null },
          });
        } catch (e) {
          // Another attempt of the same step created it in the meantime.
          if (!isUniqueViolation(e)) throw e;
        }
      }
      return { delivered: recipients.length };
    },
  };
}
