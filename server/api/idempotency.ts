import { createHash } from "node:crypto";
import type { Db } from "@/server/db";
import { ApiError } from "./errors";

/**
 * Idempotency-Key on creating POSTs: the first answer (2xx) is stored with a
 * hash of the method, path and body; the same key with the same request
 * replays it (header Idempotent-Replayed: true), with another request it is
 * refused with 422. Keys are per API key and live 24 hours.
 */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
const KEY_RE = /^[\x21-\x7e]{1,200}$/;

export interface StoredAnswer {
  status: number;
  body: string;
}

/** JSON with object keys sorted: the same body sent with its keys in another order hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function requestHash(method: string, path: string, body: string): string {
  let canonical = body.trim();
  try {
    canonical = canonicalJson(JSON.parse(body || "{}"));
  } catch {
    // hashed as sent
  }
  return createHash("sha256").update(`${method} ${path}\n${canonical}`).digest("hex");
}

export function checkIdempotencyKey(key: string): void {
  if (!KEY_RE.test(key)) {
    throw new ApiError(400, "validation_failed", "Idempotency-Key: 1–200 visible ASCII characters (e.g. a UUID)", {
      issues: [{ field: "Idempotency-Key", message: "1–200 visible ASCII characters", in: "header" }],
    });
  }
}

export async function findAnswer(db: Db, apiKeyId: string, key: string, hash: string, now: number): Promise<StoredAnswer | null> {
  const row = await db.apiIdempotency.findUnique({ where: { apiKeyId_key: { apiKeyId, key } } });
  if (!row) return null;
  if (now - row.createdAt.getTime() > IDEMPOTENCY_TTL_MS) {
    await db.apiIdempotency.deleteMany({ where: { id: row.id } });
    return null;
  }
  if (row.bodyHash !== hash) {
    throw new ApiError(
      422,
      "idempotency_key_reused",
      `Idempotency-Key "${key}" was already used with a different request (${row.method} ${row.path} or another body); use a new key for a new request`,
      { idempotency_key: key },
    );
  }
  return { status: row.status, body: row.response };
}

export async function storeAnswer(
  db: Db,
  entry: { workspaceId: string; apiKeyId: string; key: string; method: string; path: string; hash: string },
  answer: StoredAnswer,
): Promise<void> {
  try {
    await db.apiIdempotency.create({
      data: {
        workspaceId: entry.workspaceId,
        apiKeyId: entry.apiKeyId,
        key: entry.key,
        method: entry.method,
        path: entry.path,
        bodyHash: entry.hash,
        status: answer.status,
        response: answer.body,
      },
    });
  } catch (err) {
    // A concurrent request with the same key stored its answer first; the unique index keeps one.
    if ((err as { code?: unknown }).code !== "P2002") throw err;
  }
}
