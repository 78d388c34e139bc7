import { z } from "zod";

/**
 * The one list-paging module (tRPC inputs, services, REST queries), client-safe:
 * zod fields, the opaque cursor codec and the "fetch limit + 1" page cut.
 *
 * - Limits are 1–100 (MAX_LIMIT); the default is 25 (DEFAULT_LIMIT) unless a list says otherwise.
 * - Cursors are opaque base64url text of the last row's sort key: stable while
 *   rows are added (keyset, never an offset). `parseCursor` / `parseKeyCursor`
 *   answer null for text that is not a cursor; services turn that into a
 *   BAD_REQUEST naming the field (server/services/paging.ts).
 * - REST query strings arrive as text: `restPagingQuery` coerces `limit` and
 *   accepts `after` as an alias of `cursor` (seed 003 lists use both names).
 */
export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
export const MAX_CURSOR_LENGTH = 500;

/** A required id (tRPC inputs): trimmed, 1–64 characters. */
export const idField = (name: string) =>
  z.string({ error: `${name} is required` }).trim().min(1, `${name} is required`).max(64, `${name}: at most 64 characters`);

/** tRPC / service cursor input (camelCase lists answer `nextCursor`). */
export const cursorField = z.string().max(MAX_CURSOR_LENGTH, "cursor: pass the nextCursor value of the previous page unchanged").optional();

/** tRPC / service page size. */
export const limitField = (defaultLimit: number = DEFAULT_LIMIT) =>
  z
    .number({ error: "limit: must be a number" })
    .int("limit: must be a whole number")
    .min(1, "limit: at least 1")
    .max(MAX_LIMIT, `limit: at most ${MAX_LIMIT}`)
    .default(defaultLimit);

/** `{ cursor, limit }` for a tRPC / service input object. */
export const pagingInput = (defaultLimit: number = DEFAULT_LIMIT) => ({ cursor: cursorField, limit: limitField(defaultLimit) });

const REST_LIMIT_MESSAGE = `limit: a whole number from 1 to ${MAX_LIMIT}`;

/** REST `limit` (query string → number). */
export const restLimitField = z.coerce
  .number({ error: REST_LIMIT_MESSAGE })
  .int(REST_LIMIT_MESSAGE)
  .min(1, REST_LIMIT_MESSAGE)
  .max(MAX_LIMIT, REST_LIMIT_MESSAGE)
  .default(DEFAULT_LIMIT);

/** REST `cursor` (snake_case lists answer `next_cursor`). */
export const restCursorField = z
  .string()
  .min(1, "cursor: pass the next_cursor of the previous page")
  .max(MAX_CURSOR_LENGTH, "cursor: not a valid cursor")
  .optional()
  .describe("next_cursor of the previous page");

/** REST `after`: the seeds' other name for `cursor` (both may not be given with different values). */
export const restAfterField = z
  .string()
  .min(1, "after: pass the next_cursor of the previous page")
  .max(MAX_CURSOR_LENGTH, "after: not a valid cursor")
  .optional()
  .describe("Alias of cursor (seed 003 lists call it after)");

/** Query fields of every REST list: limit, cursor and its alias after. Read the cursor with `restCursorOf(query)`. */
export const restPagingQuery = { limit: restLimitField, cursor: restCursorField, after: restAfterField };

/** The cursor of a REST list query (`cursor`, else its alias `after`). */
export function restCursorOf(query: { cursor?: string; after?: string }): string | undefined {
  return query.cursor ?? query.after;
}

// ---- codec (no Buffer: this module also runs in the browser) ----

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(cursor)) return null;
  try {
    const b64 = cursor.replace(/-/g, "+").replace(/_/g, "/");
    const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Keyset position of a list ordered by a date (or a nullable date) and the id. */
export interface CursorKey {
  at: Date;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return toBase64Url(JSON.stringify([key.at.toISOString(), key.id]));
}

/** The key of a cursor from encodeCursor, or null when the text is not one. */
export function parseCursor(cursor: string): CursorKey | null {
  const text = fromBase64Url(cursor);
  if (text === null) return null;
  try {
    const raw: unknown = JSON.parse(text);
    if (Array.isArray(raw) && raw.length === 2 && typeof raw[0] === "string" && typeof raw[1] === "string") {
      const at = new Date(raw[0]);
      if (!Number.isNaN(at.getTime()) && raw[1].length > 0) return { at, id: raw[1] };
    }
  } catch {
    // not JSON
  }
  return null;
}

/** Keyset position of a list with a nullable date first (nulls last), then the id. */
export interface NullableCursorKey {
  at: Date | null;
  id: string;
}

export function encodeNullableCursor(key: NullableCursorKey): string {
  return toBase64Url(JSON.stringify([key.at ? key.at.toISOString() : null, key.id]));
}

export function parseNullableCursor(cursor: string): NullableCursorKey | null {
  const text = fromBase64Url(cursor);
  if (text === null) return null;
  try {
    const raw: unknown = JSON.parse(text);
    if (Array.isArray(raw) && raw.length === 2 && (raw[0] === null || typeof raw[0] === "string") && typeof raw[1] === "string" && raw[1].length > 0) {
      if (raw[0] === null) return { at: null, id: raw[1] };
      const at = new Date(raw[0]);
      if (!Number.isNaN(at.getTime())) return { at, id: raw[1] };
    }
  } catch {
    // not JSON
  }
  return null;
}

/** A cursor for a single unique string (or number) sort key. */
export function encodeKeyCursor(key: string | number): string {
  return toBase64Url(String(key));
}

export function parseKeyCursor(cursor: string): string | null {
  const key = fromBase64Url(cursor);
  if (!key || encodeKeyCursor(key) !== cursor) return null;
  return key;
}

// ---- page cuts ----

/**
 * The page of rows fetched with `take: limit + 1`: the first `limit`, and the
 * cursor of the last one when there was one more row (else null).
 */
export function takePage<T>(rows: readonly T[], limit: number, cursorOf: (row: T) => string): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

/**
 * Keyset condition "after this (createdAt, id)" for a list ordered by
 * createdAt desc, id desc: a Prisma `where` fragment to spread.
 */
export function afterCreatedDesc(after: CursorKey | null): { OR?: [{ createdAt: { lt: Date } }, { createdAt: Date; id: { lt: string } }] } {
  return after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {};
}

/**
 * Pages a list that is already ordered in memory, by each item's unique key
 * (for lists whose order is not a database column).
 */
export function pageInMemory<T>(items: readonly T[], keyOf: (item: T) => string, limit: number, afterKey: string | null): { items: T[]; nextCursor: string | null } {
  let start = 0;
  if (afterKey !== null) {
    const i = items.findIndex((it) => keyOf(it) === afterKey);
    start = i < 0 ? items.length : i + 1;
  }
  return takePage(items.slice(start, start + limit + 1), limit, (it) => encodeKeyCursor(keyOf(it)));
}
