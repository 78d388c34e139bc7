/**
 * Delivery policy of outgoing webhooks (documented in README "Event subscriptions").
 * - Each attempt times out after DELIVERY_TIMEOUT_MS; a 2xx answer is a success,
 *   anything else (other status, timeout, network error, SSRF refusal) a failure.
 * - Retries: after the first attempt, RETRY_DELAYS_MS[i] before attempt i + 2
 *   (30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, 12 h: 10 attempts over about 28 h),
 *   then the delivery is FAILED for good.
 * - A subscription is disabled (with an in-app notification to the workspace's
 *   owners and admins) after DISABLE_AFTER_FAILURES consecutive failed attempts
 *   with no success in between, the first of them at least DISABLE_MIN_FAILING_MS
 *   old: a receiver down for a day, not a short outage with many events.
 */
export const DELIVERY_TIMEOUT_MS = 10_000;
export const RETRY_DELAYS_MS: readonly number[] = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 43_200_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const DISABLE_AFTER_FAILURES = 15;
export const DISABLE_MIN_FAILING_MS = 24 * 3_600_000;
/** A claimed delivery is re-claimable after this (a process died mid-attempt). */
export const DELIVERY_LEASE_MS = DELIVERY_TIMEOUT_MS + 50_000;
export const RESPONSE_EXCERPT_BYTES = 1024;

export interface DeliveryPolicy {
  timeoutMs: number;
  retryDelaysMs: readonly number[];
  disableAfterFailures: number;
  disableMinFailingMs: number;
  leaseMs: number;
}

export const DEFAULT_POLICY: DeliveryPolicy = {
  timeoutMs: DELIVERY_TIMEOUT_MS,
  retryDelaysMs: RETRY_DELAYS_MS,
  disableAfterFailures: DISABLE_AFTER_FAILURES,
  disableMinFailingMs: DISABLE_MIN_FAILING_MS,
  leaseMs: DELIVERY_LEASE_MS,
};

/** When attempt `attempt` (1-based, just failed) is retried; null = no attempts left. */
export function nextRetryAt(policy: DeliveryPolicy, attempt: number, now: Date): Date | null {
  const delay = policy.retryDelaysMs[attempt - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay);
}
