/**
 * Process-wide generation counter of webhook endpoint settings. Every change
 * (sync on publish/pause/archive, rotations) bumps it; the ingress drops cached
 * endpoints loaded under an older generation. Other processes (several servers
 * on PostgreSQL) see changes within the cache TTL. Kept on globalThis because
 * Next.js and the ingress may load this module separately.
 */
const KEY = Symbol.for("switchyard.webhooks.generation");

function slot(): { generation: number } {
  const g = globalThis as unknown as Record<symbol, { generation: number } | undefined>;
  let s = g[KEY];
  if (!s) {
    s = { generation: 0 };
    g[KEY] = s;
  }
  return s;
}

export function webhookGeneration(): number {
  return slot().generation;
}

export function invalidateWebhookEndpoints(): void {
  slot().generation++;
  // A change made inside a transaction becomes visible at commit: drop what was loaded meanwhile too.
  setTimeout(() => slot().generation++, 50).unref?.();
}
