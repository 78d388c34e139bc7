import { parseCursor, parseKeyCursor, parseNullableCursor, type CursorKey, type NullableCursorKey } from "@/lib/paging";
import { AppError } from "@/server/services/errors";

/**
 * Server side of lib/paging: reads a cursor or refuses it with BAD_REQUEST
 * naming the field (tRPC and REST answer it the same way). Everything else —
 * fields, codec, page cuts — is in lib/paging.
 */
export { encodeCursor, encodeKeyCursor, encodeNullableCursor, takePage, afterCreatedDesc, type CursorKey, type NullableCursorKey } from "@/lib/paging";

/** BAD_REQUEST for a cursor that is not one of ours (or no longer fits the list). */
export function invalidCursor(field = "cursor", hint = "nextCursor"): AppError {
  return new AppError("BAD_REQUEST", `${field}: not a valid cursor; pass the ${hint} value of the previous page unchanged`, {
    issues: [{ field, message: "not a valid cursor" }],
  });
}

/** (date, id) cursor; `hint` names the answer field the client should pass back (nextCursor / next_cursor). */
export function decodeCursor(cursor: string, field = "cursor", hint = "nextCursor"): CursorKey {
  const key = parseCursor(cursor);
  if (!key) throw invalidCursor(field, hint);
  return key;
}

export function decodeNullableCursor(cursor: string, field = "cursor", hint = "nextCursor"): NullableCursorKey {
  const key = parseNullableCursor(cursor);
  if (!key) throw invalidCursor(field, hint);
  return key;
}

export function decodeKeyCursor(cursor: string, field = "cursor", hint = "nextCursor"): string {
  const key = parseKeyCursor(cursor);
  if (key === null) throw invalidCursor(field, hint);
  return key;
}
