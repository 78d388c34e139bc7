import { z } from "zod";
import { AppError } from "@/server/services/errors";

/**
 * Shared list paging (seed 003): `limit` 1–100 (default 25) and an opaque
 * `cursor`; list bodies are `{ data: [...], next_cursor }` where next_cursor is
 * null on the last page. Cursors encode the last row's sort key, so pages stay
 * stable while rows are added.
 */
export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;

export const limitField = z.coerce
  .number({ error: `limit: a whole number from 1 to ${MAX_LIMIT}` })
  .int(`limit: a whole number from 1 to ${MAX_LIMIT}`)
  .min(1, `limit: a whole number from 1 to ${MAX_LIMIT}`)
  .max(MAX_LIMIT, `limit: a whole number from 1 to ${MAX_LIMIT}`)
  .default(DEFAULT_LIMIT);

export const cursorField = z.string().min(1, "cursor: pass the next_cursor of the previous page").max(500, "cursor: not a valid cursor").optional();

export const pagingQuery = { limit: limitField, cursor: cursorField };

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    next_cursor: z.string().nullable().describe("Pass as cursor for the next page; null on the last page"),
  });
}

/** Opaque id for a string sort key (keyset over an in-memory ordered list). */
function encode(key: string): string {
  return Buffer.from(key, "utf8").toString("base64url");
}

function decode(cursor: string): string {
  const key = Buffer.from(cursor, "base64url").toString("utf8");
  if (!key || encode(key) !== cursor) {
    throw new AppError("BAD_REQUEST", "cursor: not a valid cursor; pass the next_cursor value of the previous page unchanged", {
      issues: [{ field: "cursor", message: "not a valid cursor" }],
    });
  }
  return key;
}

/** Pages an already ordered list by each item's unique key (rows after the cursor's key). */
export function pageList<T>(items: readonly T[], keyOf: (item: T) => string, limit: number, cursor?: string): { page: T[]; next_cursor: string | null } {
  let start = 0;
  if (cursor) {
    const key = decode(cursor);
    const i = items.findIndex((it) => keyOf(it) === key);
    start = i < 0 ? items.length : i + 1;
  }
  const page = items.slice(start, start + limit);
  const more = start + limit < items.length;
  const last = page[page.length - 1];
  return { page, next_cursor: more && last !== undefined ? encode(keyOf(last)) : null };
}
