import { AppError } from "@/server/services/errors";

/**
 * Opaque keyset cursor for lists ordered by (createdAt desc, id desc) — or any
 * (date, id) pair. Stable under inserts, unlike page numbers.
 */
export interface CursorKey {
  at: Date;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.at.toISOString(), key.id]), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string, field = "cursor"): CursorKey {
  try {
    const raw: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(raw) && raw.length === 2 && typeof raw[0] === "string" && typeof raw[1] === "string") {
      const at = new Date(raw[0]);
      if (!Number.isNaN(at.getTime()) && raw[1].length > 0) return { at, id: raw[1] };
    }
  } catch {
    // fall through
  }
  throw new AppError("BAD_REQUEST", `${field}: not a valid cursor; pass the nextCursor value of the previous page unchanged`, {
    issues: [{ field, message: "not a valid cursor" }],
  });
}
