import { z } from "zod";
import { WEEKDAYS } from "@/lib/schedules/structured";
import { MISSED_POLICIES } from "@/lib/schedules/spec";
import { listSchedulesPage } from "@/server/services/schedules/list-schedules";
import { getSchedule } from "@/server/services/schedules/get-schedule";
import { saveEventSchedule, type SaveEventScheduleInput } from "@/server/services/schedules/save-event-schedule";
import { patchEventSchedule } from "@/server/services/schedules/patch-event-schedule";
import { deleteEventSchedule } from "@/server/services/schedules/delete-event-schedule";
import { previewCron } from "@/server/services/schedules/preview-cron";
import { fireSchedule } from "@/server/services/schedules/fire-schedule-now";
import { bulkEnroll, BULK_ENROLL_MAX_ITEMS } from "@/server/services/automations/bulk-enroll";
import { defineOperation } from "../operation";
import { listOf, pageList, pagingQuery } from "../paging";
import { presentScheduleDetail, presentScheduleFire, presentScheduleSummary, scheduleDetailSchema, scheduleFireSchema, scheduleSchema } from "../presenters/schedule";
import { registerSchema } from "../presenters/common";
import { presentBulkEnroll } from "../presenters/automation";
import { automationParams, idParam } from "./params";

const TAG = "Event Schedules";
const scheduleParams = z.strictObject({ schedule_id: idParam("schedule_id") });
const aliasOf = (path: string) => [path.replace("/event-schedules", "/auto-schedules")];

/** Seed 003: either cron_expression, or time_of_day ("HH:MM") + days_of_week (0 = Sunday … 6); cron_expression wins. */
const timetableFields = {
  cron_expression: z.string().min(1).max(200).optional().describe("Standard 5-field cron, e.g. 0 9 * * 1-5"),
  time_of_day: z.string().regex(/^\d{2}:\d{2}$/, "time_of_day: HH:MM, e.g. 08:00").optional(),
  days_of_week: z.array(z.number().int().min(0, "days_of_week: 0 (Sunday) to 6").max(6, "days_of_week: 0 (Sunday) to 6")).max(7).optional(),
  timezone: z.string().min(1).max(100).optional().describe("IANA time zone (default: the schedule's current zone; for a new schedule the workspace's, UTC unless an admin changed it)"),
};
const writableFields = {
  name: z.string().min(1).max(120),
  automation_id: z.string().min(1).max(64).describe("The automation each fire (or each audience item) runs"),
  ...timetableFields,
  is_active: z.boolean().optional(),
  end_at: z.string().max(40).nullable().optional().describe("ISO timestamp after which it stops firing; null removes"),
  max_runs: z.number().int().min(0).nullable().optional().describe("Deactivate after this many fires; null or 0 removes"),
  missed_policy: z.enum(MISSED_POLICIES).optional(),
  payload: z.record(z.string(), z.unknown()).optional().describe("trigger_data of every run (the audience item is added as item)"),
  audience: z.array(z.unknown()).max(10_000).nullable().optional().describe("One run per item; null = one run per fire"),
};
const createBody = z.strictObject(writableFields);
const patchBody = z.strictObject({ ...writableFields, name: writableFields.name.optional(), automation_id: writableFields.automation_id.optional() });

type Timetable = { cron_expression?: string; time_of_day?: string; days_of_week?: number[]; timezone?: string };
function timetable(b: Timetable): Pick<SaveEventScheduleInput, "mode" | "cron" | "time" | "days" | "timezone"> {
  const zone = b.timezone ? { timezone: b.timezone } : {};
  if (b.cron_expression !== undefined) return { mode: "cron", cron: b.cron_expression, ...zone };
  if (b.time_of_day !== undefined) return { mode: "weekly", time: b.time_of_day, days: (b.days_of_week ?? [0, 1, 2, 3, 4, 5, 6]).map((d) => WEEKDAYS[d]), ...zone };
  return zone;
}

function serviceFields(b: z.output<typeof patchBody>): Partial<SaveEventScheduleInput> {
  return {
    ...timetable(b),
    name: b.name,
    automationId: b.automation_id,
    enabled: b.is_active,
    endAt: b.end_at,
    maxRuns: b.max_runs,
    missedPolicy: b.missed_policy,
    payload: b.payload,
    audience: b.audience,
  };
}

const fireSchema = registerSchema(
  "EventScheduleFireResult",
  z.object({ fire_id: z.string(), schedule_id: z.string(), scheduled_for: z.string(), audience_size: z.number().int(), runs_triggered: z.number().int(), runs_failed: z.number().int(), status: z.string(), error: z.string().nullable(), run_ids: z.array(z.string()) }),
);
const cronPreviewSchema = registerSchema(
  "CronPreview",
  z.object({ cron_expression: z.string(), timezone: z.string(), description: z.string().nullable(), next_runs: z.array(z.string()) }),
);
const bulkEnrollSchema = registerSchema(
  "BulkEnrollResult",
  z.object({ enrolled: z.number().int(), skipped: z.number().int(), run_ids: z.array(z.string()), skipped_keys: z.array(z.string()) }),
);

const idList = (what: string) => z.array(z.string().min(1).max(200)).min(1).max(BULK_ENROLL_MAX_ITEMS, `${what}: at most ${BULK_ENROLL_MAX_ITEMS} per call`);
const bulkBody = z
  .strictObject({
    items: z.array(z.strictObject({ data: z.record(z.string(), z.unknown()).optional(), dedupe_key: z.string().min(1).max(200).optional() })).min(1).max(BULK_ENROLL_MAX_ITEMS).optional(),
    contact_ids: idList("contact_ids").optional(),
    deal_ids: idList("deal_ids").optional(),
    skip_if_already_enrolled: z.boolean().optional().describe("Default true: ids with a pending run are skipped"),
  })
  .refine((b) => [b.items, b.contact_ids, b.deal_ids].filter((x) => x !== undefined).length === 1, { message: "pass exactly one of items, contact_ids or deal_ids" });

export const scheduleOperations = [
  defineOperation({
    method: "GET",
    path: "/event-schedules",
    aliases: aliasOf("/event-schedules"),
    operationId: "listEventSchedules",
    summary: "List event schedules (and automations' schedule triggers), soonest next fire first",
    tag: TAG,
    permission: "schedules:read",
    query: z.strictObject({ ...pagingQuery, kind: z.enum(["all", "automation", "standalone"]).optional() }),
    success: { status: 200, description: "A page of schedules", schema: listOf(scheduleSchema) },
    async handler({ actor, db, query }) {
      const page = await listSchedulesPage(actor, { kind: query.kind, limit: query.limit, cursor: query.cursor }, db);
      return { data: page.items.map(presentScheduleSummary), next_cursor: page.nextCursor };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/event-schedules",
    aliases: aliasOf("/event-schedules"),
    operationId: "createEventSchedule",
    summary: "Create an event schedule",
    description: "name, automation_id and a timetable (cron_expression, or time_of_day + days_of_week) are required. The automation must be active to fire.",
    tag: TAG,
    permission: "schedules:write",
    body: createBody,
    idempotent: true,
    success: { status: 201, description: "The schedule", schema: scheduleSchema },
    errors: [404, 422],
    handler: async ({ actor, db, body }) => presentScheduleSummary(await saveEventSchedule(actor, serviceFields(body) as SaveEventScheduleInput, db)),
  }),
  defineOperation({
    method: "POST",
    path: "/event-schedules/preview-cron",
    aliases: aliasOf("/event-schedules/preview-cron"),
    operationId: "previewCron",
    summary: "Validate a cron expression and list its next fire times",
    description: "Creates nothing. count 1–20 (default 5).",
    tag: TAG,
    permission: "schedules:read",
    body: z.strictObject({ ...timetableFields, count: z.number().int().min(1).max(20).optional() }),
    success: { status: 200, description: "The description and next fire times (UTC)", schema: cronPreviewSchema },
    async handler({ actor, body }) {
      const p = previewCron(actor, { ...timetable(body), count: body.count });
      return { cron_expression: p.cron, timezone: p.timezone, description: p.description, next_runs: p.next };
    },
  }),
  defineOperation({
    method: "GET",
    path: "/event-schedules/{schedule_id}",
    aliases: aliasOf("/event-schedules/{schedule_id}"),
    operationId: "getEventSchedule",
    summary: "Get a schedule with its payload, audience and next 5 fire times",
    tag: TAG,
    permission: "schedules:read",
    params: scheduleParams,
    success: { status: 200, description: "The schedule", schema: scheduleDetailSchema },
    errors: [404],
    handler: async ({ actor, db, params }) => presentScheduleDetail(await getSchedule(actor, { id: params.schedule_id, historyLimit: 1 }, db)),
  }),
  defineOperation({
    method: "PATCH",
    path: "/event-schedules/{schedule_id}",
    aliases: aliasOf("/event-schedules/{schedule_id}"),
    operationId: "updateEventSchedule",
    summary: "Update an event schedule (changing the timetable recomputes next_run_at)",
    tag: TAG,
    permission: "schedules:write",
    params: scheduleParams,
    body: patchBody,
    success: { status: 200, description: "The schedule", schema: scheduleSchema },
    errors: [404, 422],
    handler: async ({ actor, db, params, body }) => presentScheduleSummary(await patchEventSchedule(actor, params.schedule_id, serviceFields(body), db)),
  }),
  defineOperation({
    method: "DELETE",
    path: "/event-schedules/{schedule_id}",
    aliases: aliasOf("/event-schedules/{schedule_id}"),
    operationId: "deleteEventSchedule",
    summary: "Delete an event schedule (its automation and runs stay)",
    tag: TAG,
    permission: "schedules:delete",
    params: scheduleParams,
    success: { status: 204, description: "Deleted" },
    errors: [404, 422],
    async handler({ actor, db, params }) {
      await deleteEventSchedule(actor, { id: params.schedule_id }, db);
    },
  }),
  defineOperation({
    method: "POST",
    path: "/event-schedules/{schedule_id}/fire-now",
    aliases: aliasOf("/event-schedules/{schedule_id}/fire-now"),
    operationId: "fireEventSchedule",
    summary: "Fire a schedule now (does not move next_run_at nor count toward max_runs)",
    tag: TAG,
    permission: "schedules:write",
    params: scheduleParams,
    idempotent: true,
    success: { status: 201, description: "The fire and the runs it started", schema: fireSchema },
    errors: [404, 422],
    async handler({ actor, db, params }) {
      const f = await fireSchedule(actor, { id: params.schedule_id }, db);
      return {
        fire_id: f.fireId,
        schedule_id: f.scheduleId,
        scheduled_for: f.scheduledFor,
        audience_size: f.audienceSize,
        runs_triggered: f.runsStarted,
        runs_failed: f.runsFailed,
        status: f.status.toLowerCase(),
        error: f.error,
        run_ids: f.runIds,
      };
    },
  }),
  defineOperation({
    method: "GET",
    path: "/event-schedules/{schedule_id}/runs",
    aliases: aliasOf("/event-schedules/{schedule_id}/runs"),
    operationId: "listEventScheduleRuns",
    summary: "List a schedule's fires, newest first",
    tag: TAG,
    permission: "schedules:read",
    params: scheduleParams,
    query: z.strictObject(pagingQuery),
    success: { status: 200, description: "A page of fires", schema: listOf(scheduleFireSchema) },
    errors: [404],
    async handler({ actor, db, params, query }) {
      const detail = await getSchedule(actor, { id: params.schedule_id, historyLimit: 200 }, db);
      const { page, next_cursor } = pageList(detail.history, (f) => f.id, query.limit, query.cursor);
      return { data: page.map(presentScheduleFire), next_cursor };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/automations/{automation_id}/bulk-enroll",
    aliases: ["/auto-queues/{automation_id}/bulk-enroll"],
    operationId: "bulkEnroll",
    summary: "Enroll items in an active automation: one run per item",
    description: `Exactly one of items ([{ data, dedupe_key }]), contact_ids or deal_ids (trigger_data { contact: { id } } / { deal_id }), at most ${BULK_ENROLL_MAX_ITEMS}. An id or dedupe_key with a pending run is skipped unless skip_if_already_enrolled is false.`,
    tag: "Event Queues",
    permission: "automations:trigger",
    params: automationParams,
    body: bulkBody,
    idempotent: true,
    success: { status: 201, description: "How many runs started and which items were skipped", schema: bulkEnrollSchema },
    errors: [404, 422],
    async handler({ actor, db, params, body }) {
      const dedupe = body.skip_if_already_enrolled !== false;
      const items =
        body.items ??
        body.contact_ids?.map((id) => ({ data: { contact: { id }, contact_id: id }, dedupe_key: dedupe ? `contact:${id}` : undefined })) ??
        (body.deal_ids ?? []).map((id) => ({ data: { deal_id: id, deal: { id } }, dedupe_key: dedupe ? `deal:${id}` : undefined }));
      return presentBulkEnroll(await bulkEnroll(actor, { automationId: params.automation_id, items }, db));
    },
  }),
];
