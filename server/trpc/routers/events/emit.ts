import { adminProcedure } from "@/server/trpc/init";
import { emitEvent, emitEventInput } from "@/server/services/events/emit-event";

/** events.emit({ event_type, data, idempotency_key? }) → { event (with the runs it started), created }. Admins only. */
export const emit = adminProcedure.input(emitEventInput).mutation(({ ctx, input }) => emitEvent(ctx.actor, input, ctx.db, "ui"));
