import { z } from "zod";
import { DEFAULT_LIMIT, MAX_LIMIT, pageInMemory, restCursorField, restLimitField, restPagingQuery } from "@/lib/paging";
import { decodeKeyCursor } from "@/server/services/paging";
import { validationError } from "./errors";

/**
 * REST side of the one paging module (lib/paging): seed 003 lists take
 * `limit` 1–100 (default 25) and an opaque `cursor` (alias `after`; withApiAuth
 * copies `after` into `cursor`), and answer `{ data: [...], next_cursor }` with
 * next_cursor null on the last page. Lists page in the database (keyset on
 * their sort key, limit + 1 rows); `pageList` is left for short lists whose
 * order is computed in memory.
 */
export { DEFAULT_LIMIT, MAX_LIMIT };
export const limitField = restLimitField;
export const cursorField = restCursorField;
export const pagingQuery = restPagingQuery;

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    next_cursor: z.string().nullable().describe("Pass as cursor (or after) for the next page; null on the last page"),
  });
}

/** Pages an already ordered in-memory list by each item's unique key (rows after the cursor's key). */
export function pageList<T>(items: readonly T[], keyOf: (item: T) => string, limit: number, cursor?: string): { page: T[]; next_cursor: string | null } {
  const r = pageInMemory(items, keyOf, limit, cursor ? decodeKeyCursor(cursor, "cursor", "next_cursor") : null);
  return { page: r.items, next_cursor: r.nextCursor };
}

/** `after` (seed 003's name) is an alias of `cursor`; both with different values is refused. */
export function resolveCursorAlias<Q>(query: Q): Q {
  if (!query || typeof query !== "object" || !("after" in query)) return query;
  const q = query as Q & { cursor?: string; after?: string };
  if (q.after === undefined) return query;
  if (q.cursor !== undefined && q.cursor !== q.after) {
    throw validationError("query", [{ field: "after", message: "after is an alias of cursor: pass one of them (or both with the same value)" }]);
  }
  return { ...q, cursor: q.cursor ?? q.after };
}
