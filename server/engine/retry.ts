import type { NodeSettings } from "@/lib/graph/schema";

/**
 * Delay before the next attempt after `failures` failed attempts (1 = after the
 * first failure): backoffMs × 2^(failures−1), ±20% jitter, capped at maxBackoffMs.
 */
export function backoffDelayMs(retry: NodeSettings["retry"], failures: number, random: () => number = Math.random): number {
  const base = retry.backoffMs * 2 ** Math.max(0, failures - 1);
  const jitter = 1 + (random() * 2 - 1) * 0.2;
  return Math.max(0, Math.min(retry.maxBackoffMs, Math.round(base * jitter)));
}

/** True when another attempt is allowed after `failures` failed attempts. */
export function canRetry(retry: NodeSettings["retry"], failures: number): boolean {
  return failures < retry.maxAttempts;
}
