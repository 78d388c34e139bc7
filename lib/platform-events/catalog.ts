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

const failedStep = z
  .object({ node_id: z.string(), name: z.string(), type: z.string() })
  .nullable()
  .describe("The step that failed (the last failed step of the run), null when the run failed before any step");

const alertRunFailedData = z.object({
  alert_id: z.string(),
  run_id: z.string(),
  automation_id: z.string(),
  automation_name: z.string(),
  error: z.string().nullable().describe("The run's error message (at most 500 characters)"),
  failed_step: failedStep,
  failed_at: z.string(),
  run_url: z.string().describe("APP_URL/runs/<run_id>"),
});

const alertDigestData = z.object({
  digest_id: z.string(),
  window_minutes: z.number().int(),
  total: z.number().int().describe("Failures the digest covers (all of them, also those not listed)"),
  automations: z.array(z.object({ automation_id: z.string(), automation_name: z.string(), count: z.number().int() })).describe("Failures per automation, most first"),
  failures: z
    .array(
      z.object({
        run_id: z.string(),
        automation_id: z.string(),
        automation_name: z.string(),
        error: z.string().nullable(),
        failed_step: failedStep,
        failed_at: z.string(),
        run_url: z.string(),
      }),
    )
    .describe("The first failures of the window (at most 50), oldest first"),
  truncated: z.boolean().describe("true when `failures` lists fewer than `total`"),
  first_failed_at: z.string(),
  last_failed_at: z.string(),
});

/**
 * Failure alerts (Settings → General → Failure alerts, or an automation's
 * settings): delivered only to the event subscriptions chosen there, whatever
 * their event list (a "*" subscription does not receive them unless chosen);
 * they are not in PLATFORM_EVENTS, so a subscription cannot list them.
 */
export const ALERT_EVENTS = {
  "alert.run_failed": { description: "Failure alert: a run failed (sent only to the subscriptions chosen in the failure-alert settings).", data: alertRunFailedData },
  "alert.digest": { description: "Failure alert digest: the failures of one window, counted per automation (sent only to the subscriptions chosen in the failure-alert settings).", data: alertDigestData },
} as const;
export type AlertEventType = keyof typeof ALERT_EVENTS;
export const ALERT_EVENT_TYPES = Object.keys(ALERT_EVENTS) as AlertEventType[];
export type AlertEventData<T extends AlertEventType> = z.input<(typeof ALERT_EVENTS)[T]["data"]>;

type EnvelopeType = PlatformEventType | AlertEventType;
const ENVELOPE_TYPES = [...PLATFORM_EVENT_TYPES, ...ALERT_EVENT_TYPES] as [EnvelopeType, ...EnvelopeType[]];

/** The delivered body: the same for every attempt of a delivery. */
export const eventEnvelopeSchema = z.object({
  id: z.string(),
  type: z.enum(ENVELOPE_TYPES),
  timestamp: z.string(),
  workspace_id: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;
