import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { DbOrTx } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { apiKeyActor } from "./actor";
import { isApiKeyScope, type ApiKeyScope } from "./permissions";

/**
 * API keys: `sy_<8 prefix chars>_<32 secret chars>` (base64url). Only the
 * SHA-256 of the whole key is stored (a key is 190 random bits: a fast hash is
 * enough, no password hashing needed) with the prefix for recognising it.
 * Lookups are cached for a few seconds per process so a REST read costs no
 * extra query; revoking in this process drops the cache entry at once, other
 * processes notice within CACHE_MS.
 */
export const API_KEY_RE = /^sy_([A-Za-z0-9_-]{8})_([A-Za-z0-9_-]{32})$/;
const CACHE_MS = 5_000;
/** lastUsedAt is written at most this often per key (a write per request would double the cost of reads). */
const LAST_USED_EVERY_MS = 60_000;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function generateApiKey(): { key: string; prefix: string; keyHash: string } {
  const raw = randomBytes(30).toString("base64url"); // 40 chars
  const prefix = `sy_${raw.slice(0, 8)}`;
  const key = `${prefix}_${raw.slice(8, 40)}`;
  return { key, prefix, keyHash: hashApiKey(key) };
}

export function parseScopes(text: string): ApiKeyScope[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((s): s is ApiKeyScope => typeof s === "string" && isApiKeyScope(s)) : [];
  } catch {
    return [];
  }
}

export type KeyCheck =
  | { ok: true; actor: Actor; keyId: string }
  | { ok: false; reason: "missing" | "malformed" | "unknown" | "revoked" | "expired" };

interface CachedKey {
  id: string;
  workspaceId: string;
  createdById: string | null;
  keyHash: string;
  scopes: ApiKeyScope[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  at: number;
  lastUsedWrite: number;
}

// One per process (globalThis): revoking through tRPC (Next.js's bundle) must drop the entry the REST front (its own bundle) reads.
const CACHE_KEY = Symbol.for("switchyard.apiKeys.cache");
const cache: Map<string, CachedKey> = ((globalThis as unknown as Record<symbol, Map<string, CachedKey> | undefined>)[CACHE_KEY] ??= new Map());

/** Drops a key from this process's cache (after revoking it). */
export function forgetApiKey(keyHash: string): void {
  cache.delete(keyHash);
}

async function load(db: DbOrTx, keyHash: string, now: number): Promise<CachedKey | null> {
  const hit = cache.get(keyHash);
  if (hit && now - hit.at < CACHE_MS) return hit;
  const row = await db.apiKey.findUnique({
    where: { keyHash },
    select: { id: true, workspaceId: true, createdById: true, keyHash: true, scopes: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row) {
    cache.delete(keyHash);
    return null;
  }
  const entry: CachedKey = {
    ...row,
    scopes: parseScopes(row.scopes),
    at: now,
    lastUsedWrite: hit?.lastUsedWrite ?? row.lastUsedAt?.getTime() ?? 0,
  };
  if (cache.size > 10_000) cache.clear();
  cache.set(keyHash, entry);
  return entry;
}

/** The actor of an `Authorization: Bearer <key>` header, or why there is none. */
export async function authenticateApiKey(db: DbOrTx, authorization: string | null, now = Date.now()): Promise<KeyCheck> {
  if (!authorization) return { ok: false, reason: "missing" };
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!m || !API_KEY_RE.test(m[1])) return { ok: false, reason: "malformed" };
  const keyHash = hashApiKey(m[1]);
  const key = await load(db, keyHash, now);
  if (!key || !timingSafeEqual(Buffer.from(key.keyHash), Buffer.from(keyHash))) return { ok: false, reason: "unknown" };
  if (key.revokedAt) return { ok: false, reason: "revoked" };
  if (key.expiresAt && key.expiresAt.getTime() <= now) return { ok: false, reason: "expired" };
  if (now - key.lastUsedWrite >= LAST_USED_EVERY_MS) {
    key.lastUsedWrite = now;
    // Best effort, off the request path: last used is informational.
    void db.apiKey.updateMany({ where: { id: key.id }, data: { lastUsedAt: new Date(now) } }).catch(() => undefined);
  }
  return { ok: true, actor: apiKeyActor(key, key.scopes), keyId: key.id };
}
