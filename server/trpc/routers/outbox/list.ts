import { memberProcedure } from "@/server/trpc/init";
import { listOutbox } from "@/server/services/outbox/list-outbox";
import { listOutboxInput } from "./list.schema";

/** outbox.list({ status?, runId?, cursor?, limit? }) → { items (no bodies), nextCursor }, newest first. */
export const list = memberProcedure.input(listOutboxInput).query(({ ctx, input }) => listOutbox(ctx.actor, input, ctx.db));
