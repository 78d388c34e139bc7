import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { signalRun } from "@/server/queue/signal";
import type { Actor } from "@/server/services/errors";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import { createRunInTx } from "@/server/services/runs/create-run";
import { findEventTargets } from "@/server/triggers/event/match";
import { assertKnownEventType, eventDataField, eventDataJson, eventTypeField } from "./fields";
import { EVENT_SELECT, runsOfEvents, toEventItem, type EventDetail } from "./present";

export const emitEventInput = z.object({
  event_type: eventTypeField,
  data: eventDataField.default({}),
  /** A repeated emit with the same key returns the stored event and starts nothing. */
  idempotency_key: z
    .string({ error: "idempotency_key: must be text" })
    .trim()
    .min(1, "idempotency_key: must not be empty")
    .max(200, "idempotency_key: at most 200 characters")
    .optional(),
});
export type EmitEventInput = z.input<typeof emitEventInput>;

export interface EmitEventResult {
  event: EventDetail;
  /** false when an event with the same idempotency key already existed (no new runs) */
  created: boolean;
}

/** Idempotency key of the run an event starts for one automation (unique per workspace). */
export const eventRunKey = (eventId: string, automationId: string) => `event:${eventId}:${automationId}`;

async function stored(db: Db, workspaceId: string, key: string): Promise<EventDetail | null> {
  const row = await db.event.findUnique({ where: { workspaceId_idempotencyKey: { workspaceId, idempotencyKey: key } }, select: { ...EVENT_SELECT, data: true } });
  if (!row) return null;
  const runs = (await runsOfEvents(db, workspaceId, [row.id], 1000)).get(row.id) ?? [];
  return { ...toEventItem(row), data: JSON.parse(row.data) as unknown, runs };
}

/**
 * Stores an event and starts every active automation of the workspace whose
 * event trigger matches it (type + filters, see server/triggers/event/match.ts),
 * one run per automation in priority order, all in ONE transaction with the
 * Event row: either the event and all its runs exist, or none. The runs are
 * announced to the dispatcher after the commit.
 */
export async function emitEvent(actor: Actor, input: EmitEventInput, db: Db = getDb(), source: "ui" | "api" | "system" = "ui"): Promise<EmitEventResult> {
  assertCan(actor, "events:write");
  const parsed = parseInput(emitEventInput, input);
  const type = parsed.event_type;
  const key = parsed.idempotency_key ?? null;
  if (key) {
    const existing = await stored(db, actor.workspaceId, key);
    if (existing) return { event: existing, created: false };
  }
  await assertKnownEventType(db, actor.workspaceId, type);
  const dataText = eventDataJson(parsed.data);

  let result: { eventId: string; runIds: string[] };
  try {
    result = await db.$transaction(
      async (tx) => {
        const event = await tx.event.create({
          data: { workspaceId: actor.workspaceId, type, data: dataText, idempotencyKey: key, source, createdById: actor.userId },
          select: { id: true },
        });
        const targets = await findEventTargets(tx, actor.workspaceId, type, parsed.data);
        const runIds: string[] = [];
        for (const target of targets) {
          const run = await createRunInTx(
            tx,
            {
              workspaceId: actor.workspaceId,
              automationId: target.automationId,
              triggerType: "event",
              triggerData: parsed.data,
              idempotencyKey: eventRunKey(event.id, target.automationId),
              sourceId: event.id,
            },
            db,
          );
          runIds.push(run.runId);
        }
        if (runIds.length) await tx.event.update({ where: { id: event.id }, data: { runCount: runIds.length } });
        return { eventId: event.id, runIds };
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  } catch (err) {
    // A concurrent emit with the same key committed first: answer with its event.
    if (key && (err as { code?: unknown }).code === "P2002") {
      const existing = await stored(db, actor.workspaceId, key);
      if (existing) return { event: existing, created: false };
    }
    throw err;
  }
  for (const id of result.runIds) signalRun(id);
  const row = await db.event.findUniqueOrThrow({ where: { id: result.eventId }, select: { ...EVENT_SELECT, data: true } });
  const runs = (await runsOfEvents(db, actor.workspaceId, [row.id], 1000)).get(row.id) ?? [];
  return { event: { ...toEventItem(row), data: parsed.data, runs }, created: true };
}
