import { getDb, type DbOrTx } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { assertCan, findAutomationInWorkspace, userNames } from "@/server/services/automations/scope";

export interface UserRef {
  id: string;
  name: string;
}

export interface VersionListItem {
  id: string;
  number: number;
  note: string;
  publishedAt: Date;
  /** null when the publisher's account no longer exists (or the version was published by the system). */
  publishedBy: UserRef | null;
  /** This is the automation's current published version. */
  isPublished: boolean;
}

export interface VersionList {
  automationId: string;
  publishedVersion: number | null;
  draftRevision: number;
  /** Newest first. */
  items: VersionListItem[];
}

/** Published versions of one automation, newest first (no graphs). */
export async function listVersions(actor: Actor, input: { automationId: string }, db: DbOrTx = getDb()): Promise<VersionList> {
  assertCan(actor, "automations:read");
  const automation = await findAutomationInWorkspace(db, actor, input.automationId);
  const rows = await db.automationVersion.findMany({
    where: { automationId: automation.id, workspaceId: actor.workspaceId },
    orderBy: { number: "desc" },
    select: { id: true, number: true, note: true, publishedAt: true, publishedById: true },
  });
  const names = await userNames(db, rows.map((r) => r.publishedById));
  return {
    automationId: automation.id,
    publishedVersion: automation.publishedVersion,
    draftRevision: automation.draftRevision,
    items: rows.map((r) => {
      const name = r.publishedById ? names.get(r.publishedById) : undefined;
      return {
        id: r.id,
        number: r.number,
        note: r.note,
        publishedAt: r.publishedAt,
        publishedBy: r.publishedById && name !== undefined ? { id: r.publishedById, name } : null,
        isPublished: r.number === automation.publishedVersion,
      };
    }),
  };
}
