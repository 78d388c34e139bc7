import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { writeAudit } from "@/server/services/audit/write-audit";
import { scheduleIdField } from "./fields";
import { findScheduleInWorkspace } from "./scope";

export const deleteEventScheduleInput = z.object({ id: scheduleIdField });
export type DeleteEventScheduleInput = z.input<typeof deleteEventScheduleInput>;

/** Deletes a standalone event schedule and its fire history (runs it started stay). Automation schedules follow their automation. */
export async function deleteEventSchedule(actor: Actor, input: DeleteEventScheduleInput, db: Db = getDb()): Promise<{ id: string }> {
  assertCan(actor, "schedules:delete");
  const { id } = parseInput(deleteEventScheduleInput, input);
  return db.$transaction(async (tx) => {
    const row = await findScheduleInWorkspace(tx, actor, id);
    if (row.automationId) throw new AppError("UNPROCESSABLE", "This is an automation's schedule trigger: change the trigger on its canvas or archive the automation", { field: "id" });
    await tx.schedule.delete({ where: { id: row.id } });
    await writeAudit(tx, actor, { action: "schedule.deleted", targetType: "schedule", targetId: id, details: { name: row.name } });
    return { id };
  });
}
