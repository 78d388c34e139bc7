import type { Db } from "@/server/db";
import { openSecret } from "@/server/security/secret-box";
import { webhookGeneration } from "./endpoint-cache";

/**
 * Endpoint lookup for the ingress, cached in memory: a hook is read from the
 * database at most once per TTL (and again after any change in this process,
 * see endpoint-cache.ts), unknown tokens included, so a flood of guesses costs
 * no queries either. The decrypted secret stays in this process's memory only.
 */
export interface HookEndpoint {
  id: string;
  workspaceId: string;
  automationId: string;
  methods: ReadonlySet<string>;
  authMode: "none" | "header" | "hmac";
  headerName: string | null;
  /** clear secret (header value or whsec_…), null when none is set */
  secret: string | null;
  responseMode: "immediate" | "wait";
  waitTimeoutMs: number;
  rateLimit: number;
  maxBodyBytes: number;
}

const TTL_MS = 1_000;
const MAX_ENTRIES = 10_000;
type Entry = { endpoint: HookEndpoint | null; at: number; generation: number };

function parseMethods(text: string): Set<string> {
  try {
    const v = JSON.parse(text) as unknown;
    if (Array.isArray(v)) return new Set(v.filter((m): m is string => typeof m === "string").map((m) => m.toUpperCase()));
  } catch {
    // fall through: default
  }
  return new Set(["POST"]);
}

export function createEndpointLookup(db: Db, now: () => number = Date.now) {
  const cache = new Map<string, Entry>();
  const loading = new Map<string, Promise<HookEndpoint | null>>();

  async function load(token: string): Promise<HookEndpoint | null> {
    const row = await db.webhookEndpoint.findUnique({ where: { token } });
    if (!row || !row.active) return null;
    let secret: string | null = null;
    if (row.secretEnc) {
      try {
        secret = openSecret(row.secretEnc);
      } catch {
        secret = null; // unreadable (key changed): every authenticated request fails until the secret is rotated
      }
    }
    return {
      id: row.id,
      workspaceId: row.workspaceId,
      automationId: row.automationId,
      methods: parseMethods(row.methods),
      authMode: row.authMode === "header" || row.authMode === "hmac" ? row.authMode : "none",
      headerName: row.headerName ? row.headerName.toLowerCase() : null,
      secret,
      responseMode: row.responseMode === "wait" ? "wait" : "immediate",
      waitTimeoutMs: row.waitTimeoutMs,
      rateLimit: row.rateLimit,
      maxBodyBytes: row.maxBodyBytes,
    };
  }

  return async function lookup(token: string): Promise<HookEndpoint | null> {
    const hit = cache.get(token);
    const t = now();
    if (hit && hit.generation === webhookGeneration() && t - hit.at < TTL_MS) return hit.endpoint;
    let p = loading.get(token);
    if (!p) {
      const generation = webhookGeneration();
      p = load(token).then(
        (endpoint) => {
          if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
          cache.delete(token);
          cache.set(token, { endpoint, at: now(), generation });
          loading.delete(token);
          return endpoint;
        },
        (err: unknown) => {
          loading.delete(token);
          throw err;
        },
      );
      loading.set(token, p);
    }
    return p;
  };
}
export type EndpointLookup = ReturnType<typeof createEndpointLookup>;
