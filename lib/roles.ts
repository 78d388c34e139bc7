export const ROLES = ["OWNER", "ADMIN", "SPECIALIST"] as const;
export type Role = (typeof ROLES)[number];

export const AUTOMATION_STATUSES = ["DRAFT", "ACTIVE", "PAUSED", "ARCHIVED"] as const;
export type AutomationStatus = (typeof AUTOMATION_STATUSES)[number];

export const RUN_STATUSES = ["QUEUED", "RUNNING", "PAUSED", "WAITING_FOR_CHILD", "COMPLETED", "FAILED", "SKIPPED", "CANCELLED"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ["COMPLETED", "FAILED", "SKIPPED", "CANCELLED"];

export const STEP_STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "SKIPPED", "WAITING"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
