/** Run, step and automation statuses: one list each, shared by the browser, the services and the engine. */

export const AUTOMATION_STATUSES = ["DRAFT", "ACTIVE", "PAUSED", "ARCHIVED"] as const;
export type AutomationStatus = (typeof AUTOMATION_STATUSES)[number];

export const RUN_STATUSES = ["QUEUED", "RUNNING", "PAUSED", "WAITING_FOR_CHILD", "COMPLETED", "FAILED", "SKIPPED", "CANCELLED"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A run in one of these has ended; it changes status again only when a FAILED run is retried from its failed step (FAILED → QUEUED). */
export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ["COMPLETED", "FAILED", "SKIPPED", "CANCELLED"];

const FINISHED = new Set<string>(FINISHED_RUN_STATUSES);

/** Takes any string because callers often hold a status read from the database or an API response. */
export function isFinishedRunStatus(status: string): boolean {
  return FINISHED.has(status);
}

export const STEP_STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "SKIPPED", "WAITING"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/**
 * Every status change a run can make (the engine records each in the run's
 * history): `null` is creation. RUNNING → RUNNING is a takeover after an
 * expired lease, or a cancel request noted while the run executes. FAILED →
 * QUEUED is a retry from the failed step (an admin's, recorded with who and why).
 */
export const RUN_TRANSITIONS: Readonly<Record<RunStatus | "null", readonly RunStatus[]>> = {
  null: ["QUEUED"],
  QUEUED: ["RUNNING", "CANCELLED"],
  RUNNING: ["RUNNING", "QUEUED", "PAUSED", "WAITING_FOR_CHILD", "COMPLETED", "FAILED", "SKIPPED", "CANCELLED"],
  PAUSED: ["RUNNING", "QUEUED", "CANCELLED"],
  WAITING_FOR_CHILD: ["RUNNING", "QUEUED", "CANCELLED"],
  COMPLETED: [],
  FAILED: ["QUEUED"],
  SKIPPED: [],
  CANCELLED: [],
};

export function isAllowedRunTransition(from: string | null, to: string): boolean {
  const allowed = RUN_TRANSITIONS[(from ?? "null") as RunStatus | "null"] as readonly string[] | undefined;
  return allowed !== undefined && allowed.includes(to);
}
