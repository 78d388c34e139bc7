/**
 * Mutations a read-only member (SPECIALIST) may call.
 *
 * Rule: every mutation that changes workspace data requires an admin role, and
 * tests/trpc/access.test.ts enforces it by calling every mutation of the app
 * router as a specialist and expecting FORBIDDEN. The procedures below are the
 * deliberate exceptions: they only touch the caller's own state, never shared
 * workspace data:
 *   - workspace.switch            validates a membership for the caller's own session (writes nothing)
 *   - notifications.markRead      marks the caller's own notification as read
 *   - notifications.markAllRead   marks all of the caller's own notifications as read
 * Adding a path here is a security decision: it must only affect the caller.
 */
export const SELF_SERVICE_MUTATIONS: readonly string[] = [
  "workspace.switch",
  "notifications.markRead",
  "notifications.markAllRead",
];

/** Procedures callable without a session (none today; approval pages use REST, not tRPC). */
export const PUBLIC_PROCEDURES: readonly string[] = [];
