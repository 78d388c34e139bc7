import { z } from "zod";
import { emitEvent } from "@/server/services/events/emit-event";
import { eventDataField, eventTypeField } from "@/server/services/events/fields";
import { defineOperation } from "../operation";
import { iso, registerSchema } from "../presenters/common";

const eventSchema = registerSchema(
  "Event",
  z.object({
    id: z.string(),
    event_type: z.string(),
    data: z.unknown(),
    created: z.boolean().describe("false when an event with the same idempotency_key already existed (nothing new started)"),
    run_count: z.number().int(),
    runs: z.array(z.object({ run_id: z.string(), automation_id: z.string(), automation_name: z.string(), status: z.string() })),
    created_at: z.string(),
  }),
);

export const eventOperations = [
  defineOperation({
    method: "POST",
    path: "/events",
    operationId: "emitEvent",
    summary: "Emit an event",
    description: "Starts one run of every active automation whose event trigger matches the type and filters (e.g. stage_id); the runs' conditions decide completed or skipped.",
    tag: "Events",
    permission: "events:write",
    body: z.strictObject({
      event_type: eventTypeField,
      data: eventDataField.optional(),
      idempotency_key: z.string().min(1).max(200).optional().describe("Same as the Idempotency-Key header: a repeat starts nothing"),
    }),
    idempotent: true,
    success: { status: 201, description: "The stored event and the runs it started", schema: eventSchema },
    async handler({ actor, db, body }) {
      const { event, created } = await emitEvent(actor, { event_type: body.event_type, data: body.data ?? {}, idempotency_key: body.idempotency_key }, db, "api");
      return {
        id: event.id,
        event_type: event.type,
        data: event.data,
        created,
        run_count: event.runCount,
        runs: event.runs.map((r) => ({ run_id: r.runId, automation_id: r.automationId, automation_name: r.automationName, status: r.status.toLowerCase() })),
        created_at: iso(event.createdAt),
      };
    },
  }),
];
