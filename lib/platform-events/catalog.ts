import { z } from "zod";

/**
 * Platform events (issue 14): what an outgoing webhook subscription can receive.
 * Each type has a zod schema of its `data`; deliveries send the envelope
 * `{ id, type, timestamp, workspace_id, data }` (id = the webhook-id header).
 */
const runData = z.object({
  run_id: z.string(),
  automation_id: z.string(),
  status: z.enum(["COMPLETED", "FAILED", "SKIPPED", "CANCELLED", "PAUSED"]),
  previous_status: z.string().nullable(),
  reason: z.string().nullable().describe("Why the run changed status (error code and message, skip reason, wait)"),
  error: z.string().nullable(),
  error_code: z.string().nullable(),
  step_count: z.number().int().nullable(),
  failed_step_count: z.number().int().nullable(),
  finished_at: z.string().nullable(),
  wait_kind: z.string().nullable().describe("PAUSED: why it waits: delay, or external (an approval, a form, a webhook wait)"),
  wake_at: z.string().nullable().describe("PAUSED on a timer: when it resumes"),
});

const approvalData = z.object({
  approval_id: z.string(),
  run_id: z.string(),
  automation_id: z.string(),
  kind: z.string().describe("approval | form"),
  title: z.string(),
  step_name: z.string(),
  expires_at: z.string().nullable(),
  outcome: z.string().nullable().describe("approval.decided: approved | rejected"),
  decided_by: z.string().nullable(),
});

const automationData = z.object({
  automation_id: z.string(),
  name: z.string(),
  status: z.string(),
  version: z.number().int().nullable().describe("The published version (automation.published: the new one)"),
  version_id: z.string().nullable(),
  actor_user_id: z.string().nullable(),
});

const scheduleData = z.object({
  schedule_id: z.string(),
  schedule_name: z.string(),
  automation_id: z.string().nullable(),
  fire_id: z.string(),
  status: z.enum(["FAILED", "PARTIAL", "SKIPPED"]),
  error: z.string().nullable(),
  runs_started: z.number().int(),
  runs_failed: z.number().int(),
  scheduled_for: z.string(),
});

export const PLATFORM_EVENTS = {
  "run.completed": { description: "A run finished successfully (failed steps with continue-on-error are counted).", data: runData },
  "run.failed": { description: "A run failed.", data: runData },
  "run.skipped": { description: "A run was skipped: the automation's conditions were not met.", data: runData },
  "run.cancelled": { description: "A run was cancelled.", data: runData },
  "run.paused": { description: "A run paused: a delay, a retry backoff, an approval or another external wait.", data: runData },
  "approval.requested": { description: "An approval (or form) step asked people to decide.", data: approvalData },
  "approval.decided": { description: "An approval request was settled (approved or rejected).", data: approvalData },
  "automation.published": { description: "A new version of an automation was published.", data: automationData },
  "automation.enabled": { description: "An automation was activated: its trigger starts runs.", data: automationData },
  "automation.disabled": { description: "An automation was paused or archived: its trigger no longer starts runs.", data: automationData },
  "schedule.failed": { description: "A schedule fire did not start all its runs (failed, partial, or skipped because its automation cannot run).", data: scheduleData },
} as const;

export type PlatformEventType = keyof typeof PLATFORM_EVENTS;
export const PLATFORM_EVENT_TYPES = Object.keys(PLATFORM_EVENTS) as PlatformEventType[];
export type PlatformEventData<T extends PlatformEventType> = z.input<(typeof PLATFORM_EVENTS)[T]["data"]>;

export function isPlatformEventType(s: string): s is PlatformEventType {
  return Object.hasOwn(PLATFORM_EVENTS, s);
}

/** Run statuses that emit an event, and its type. */
export const RUN_STATUS_EVENTS: Readonly<Record<string, PlatformEventType>> = {
  COMPLETED: "run.completed",
  FAILED: "run.failed",
  SKIPPED: "run.skipped",
  CANCELLED: "run.cancelled",
  PAUSED: "run.paused",
};

/** The delivered body: the same for every attempt of a delivery. */
export const eventEnvelopeSchema = z.object({
  id: z.string(),
  type: z.enum(PLATFORM_EVENT_TYPES as [PlatformEventType, ...PlatformEventType[]]),
  timestamp: z.string(),
  workspace_id: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;
