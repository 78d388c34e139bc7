import { parseScopes } from "@/server/auth/api-keys";
import type { ApiKeyScope } from "@/server/auth/permissions";

export const API_KEY_SELECT = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdById: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdAt: true,
} as const;

/** An API key as lists show it: never the key or its hash. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  /** The key's visible start, e.g. "sy_Ab3dE6gH". */
  prefix: string;
  scopes: ApiKeyScope[];
  createdById: string | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  /** active | expired | revoked */
  state: "active" | "expired" | "revoked";
}

interface Row {
  id: string;
  name: string;
  prefix: string;
  scopes: string;
  createdById: string | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export function toApiKeyInfo(row: Row, now = new Date()): ApiKeyInfo {
  const state = row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt <= now ? "expired" : "active";
  return { ...row, scopes: parseScopes(row.scopes), state };
}
