import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { scheduleIdField } from "./fields";
import { presentSchedule, targetAutomations, upcoming, type ScheduleSummary } from "./present";
import { findScheduleInWorkspace } from "./scope";

export const getScheduleInput = z.object({
  id: scheduleIdField,
  historyLimit: z.number().int().min(1, "historyLimit must be at least 1").max(200, "historyLimit must be at most 200").default(50),
});
export type GetScheduleInput = z.input<typeof getScheduleInput>;

export interface ScheduleFireRow {
  id: string;
  scheduledFor: string;
  firedAt: string;
  kind: string;
  audienceSize: number;
  runsStarted: number;
  runsFailed: number;
  status: string;
  error: string | null;
}

export interface ScheduleDetail extends ScheduleSummary {
  payload: unknown;
  audience: unknown[] | null;
  targetAutomationId: string | null;
  upcoming: string[];
  history: ScheduleFireRow[];
}

function json(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** One schedule with its next 5 fire times and its fire history (newest first). */
export async function getSchedule(actor: Actor, input: GetScheduleInput, db: Db = getDb(), now = new Date()): Promise<ScheduleDetail> {
  assertCan(actor, "schedules:read");
  const { id, historyLimit } = parseInput(getScheduleInput, input);
  const row = await findScheduleInWorkspace(db, actor, id);
  const automations = await targetAutomations(db, actor.workspaceId, [row]);
  const fires = await db.scheduleFire.findMany({ where: { scheduleId: row.id, workspaceId: actor.workspaceId }, orderBy: { firedAt: "desc" }, take: historyLimit });
  const audience = json(row.audience);
  return {
    ...presentSchedule(row, automations.get(row.automationId ?? row.targetAutomationId ?? ""), now),
    payload: json(row.payload) ?? {},
    audience: Array.isArray(audience) ? audience : null,
    targetAutomationId: row.targetAutomationId,
    upcoming: upcoming(row, 5),
    history: fires.map((f) => ({
      id: f.id,
      scheduledFor: f.scheduledFor.toISOString(),
      firedAt: f.firedAt.toISOString(),
      kind: f.kind,
      audienceSize: f.audienceSize,
      runsStarted: f.runsStarted,
      runsFailed: f.runsFailed,
      status: f.status,
      error: f.error,
    })),
  };
}
