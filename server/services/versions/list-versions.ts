import { getDb, type DbOrTx } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { assertCan, findAutomationInWorkspace, userNames } from "@/server/services/automations/scope";
import { encodeKeyCursor, takePage } from "@/lib/paging";
import { decodeKeyCursor, invalidCursor } from "@/server/services/paging";

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
  const page = await listVersionsPage(actor, { automationId: input.automationId }, db);
  return { automationId: page.automationId, publishedVersion: page.publishedVersion, draftRevision: page.draftRevision, items: page.items };
}

/**
 * One page of listVersions, paged in the database (keyset on the version
 * number, limit + 1 rows); without a limit, every version.
 */
export async function listVersionsPage(
  actor: Actor,
  input: { automationId: string; limit?: number; cursor?: string },
  db: DbOrTx = getDb(),
): Promise<VersionList & { nextCursor: string | null }> {
  assertCan(actor, "automations:read");
  const automation = await findAutomationInWorkspace(db, actor, input.automationId);
  let below: number | null = null;
  if (input.cursor) {
    const key = decodeKeyCursor(input.cursor, "cursor", "next_cursor");
    below = /^\d+$/.test(key) ? Number(key) : NaN;
    if (!Number.isSafeInteger(below)) throw invalidCursor("cursor", "next_cursor");
  }
  const rows = await db.automationVersion.findMany({
    where: { automationId: automation.id, workspaceId: actor.workspaceId, ...(below !== null ? { number: { lt: below } } : {}) },
    orderBy: { number: "desc" },
    select: { id: true, number: true, note: true, publishedAt: true, publishedById: true },
    ...(input.limit !== undefined ? { take: input.limit + 1 } : {}),
  });
  const page = input.limit !== undefined ? takePage(rows, input.limit, (r) => encodeKeyCursor(r.number)) : { items: rows, nextCursor: null };
  const names = await userNames(db, page.items.map((r) => r.publishedById));
  return {
    automationId: automation.id,
    publishedVersion: automation.publishedVersion,
    draftRevision: automation.draftRevision,
    nextCursor: page.nextCursor,
    items: page.items.map((r) => {
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
