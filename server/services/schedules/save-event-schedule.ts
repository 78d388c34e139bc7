import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { specFromConfig } from "@/lib/schedules/spec";
import { MISSED_POLICIES } from "@/lib/schedules/spec";
import { SCHEDULE_MODES, WEEKDAYS } from "@/lib/schedules/structured";
import { AppError, type Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { writeAudit } from "@/server/services/audit/write-audit";
import { MAX_AUDIENCE } from "@/server/triggers/schedule/fire";
import { nextFire } from "@/server/triggers/schedule/timetable";
import { scheduleIdField } from "./fields";
import { presentSchedule, targetAutomations, type ScheduleSummary } from "./present";
import { findScheduleInWorkspace } from "./scope";

const MAX_JSON_BYTES = 256 * 1024;

export const saveEventScheduleInput = z.object({
  /** absent: create */
  id: scheduleIdField.optional(),
  name: z.string({ error: "name is required (1–120 characters)" }).trim().min(1, "name is required (1–120 characters)").max(120, "name: at most 120 characters"),
  automationId: z.string({ error: "automationId is required: the automation each audience item is enrolled in" }).min(1, "automationId is required: the automation each audience item is enrolled in").max(64),
  mode: z.enum(SCHEDULE_MODES, { error: () => `mode must be one of: ${SCHEDULE_MODES.join(", ")}` }).default("cron"),
  cron: z.string().max(200, "cron: at most 200 characters").optional(),
  time: z.string().max(5).optional(),
  days: z.array(z.enum(WEEKDAYS, { error: () => `days: each must be one of ${WEEKDAYS.join(", ")}` })).optional(),
  every: z.number().int().optional(),
  unit: z.enum(["minutes", "hours"]).optional(),
  /** IANA zone; left out = the schedule's current zone, or the workspace's for a new schedule */
  timezone: z.string().max(100).optional(),
  /** trigger data of every run (the audience item is added as `item`) */
  payload: z.record(z.string(), z.unknown(), { error: () => "payload must be a JSON object" }).default({}),
  /** one run per item; null = one run per fire */
  audience: z.array(z.unknown(), { error: () => "audience must be a JSON list (one run per item) or null" }).max(MAX_AUDIENCE, `audience: at most ${MAX_AUDIENCE} items`).nullable().default(null),
  endAt: z.string().max(40).nullish(),
  maxRuns: z.number({ error: () => "maxRuns must be a whole number" }).int("maxRuns must be a whole number").min(0, "maxRuns must be 0 (no limit) or more").nullish(),
  missedPolicy: z.enum(MISSED_POLICIES, { error: () => `missedPolicy must be one of: ${MISSED_POLICIES.join(", ")}` }).default("once"),
  enabled: z.boolean().default(true),
});
export type SaveEventScheduleInput = z.input<typeof saveEventScheduleInput>;

function jsonText(value: unknown, field: string): string {
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text, "utf8") > MAX_JSON_BYTES) throw new AppError("BAD_REQUEST", `${field}: at most 256 KB of JSON`, { issues: [{ field, message: "at most 256 KB of JSON" }] });
  return text;
}

/** What a left-out zone means: keep the schedule's zone on an update, the workspace's on a create. */
async function defaultZone(db: Db, actor: Actor, id: string | undefined): Promise<string | undefined> {
  const existing = id ? await db.schedule.findFirst({ where: { id, workspaceId: actor.workspaceId }, select: { timezone: true } }) : null;
  if (existing) return existing.timezone;
  const workspace = await db.workspace.findUnique({ where: { id: actor.workspaceId }, select: { timezone: true } });
  return workspace?.timezone;
}

/** Creates or updates a standalone event schedule (seed 003): cron + zone, payload, audience → one run per item of the target automation. */
export async function saveEventSchedule(actor: Actor, input: SaveEventScheduleInput, db: Db = getDb(), now = new Date()): Promise<ScheduleSummary> {
  assertCan(actor, "schedules:write");
  const p = parseInput(saveEventScheduleInput, input);
  const r = specFromConfig(p, await defaultZone(db, actor, p.id));
  if (!r.ok) throw new AppError("BAD_REQUEST", `Invalid schedule — ${r.issues.map((i) => i.message).join("; ")}`, { issues: r.issues });
  const { spec } = r;
  const payload = jsonText(p.payload, "payload");
  const audience = p.audience === null ? null : jsonText(p.audience, "audience");
  return db.$transaction(async (tx) => {
    const target = await tx.automation.findFirst({ where: { id: p.automationId, workspaceId: actor.workspaceId }, select: { id: true, status: true } });
    if (!target) throw new AppError("NOT_FOUND", "Automation not found", { issues: [{ field: "automationId", message: "no automation with this id in this workspace" }] });
    if (target.status === "ARCHIVED") throw new AppError("UNPROCESSABLE", "automationId: this automation is archived; pick an active one", { issues: [{ field: "automationId", message: "archived" }] });
    const existing = p.id ? await findScheduleInWorkspace(tx, actor, p.id) : null;
    if (existing?.automationId) {
      throw new AppError("UNPROCESSABLE", "This is an automation's schedule trigger: edit it on the automation's canvas", { field: "id" });
    }
    const sameTimetable =
      existing !== null && existing.cron === spec.cron && existing.timezone === spec.timezone && existing.endAt?.getTime() === spec.endAt?.getTime() && existing.maxRuns === spec.maxRuns;
    const fireCount = existing?.fireCount ?? 0;
    const keepNext = sameTimetable && existing.enabled && p.enabled && existing.active && existing.nextFireAt !== null;
    const next = keepNext ? existing.nextFireAt : p.enabled ? nextFire({ ...spec, fireCount }, now) : null;
    const data = {
      name: p.name,
      targetAutomationId: target.id,
      cron: spec.cron,
      timezone: spec.timezone,
      endAt: spec.endAt,
      maxRuns: spec.maxRuns,
      missedPolicy: spec.missedPolicy,
      payload,
      audience,
      enabled: p.enabled,
      active: next !== null,
      nextFireAt: next,
    };
    const row = existing
      ? await tx.schedule.update({ where: { id: existing.id }, data })
      : await tx.schedule.create({ data: { ...data, workspaceId: actor.workspaceId } });
    await writeAudit(tx, actor, { action: existing ? "schedule.updated" : "schedule.created", targetType: "schedule", targetId: row.id, details: { cron: spec.cron, timezone: spec.timezone, automationId: target.id } });
    const automations = await targetAutomations(tx, actor.workspaceId, [row]);
    return presentSchedule(row, automations.get(target.id), now);
  });
}
