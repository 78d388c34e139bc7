import { memberProcedure } from "@/server/trpc/init";
import { getOutboxEmail } from "@/server/services/outbox/get-outbox-email";
import { getOutboxEmailInput } from "./get.schema";

/** outbox.get({ id }) → the email with its text and HTML bodies. */
export const get = memberProcedure.input(getOutboxEmailInput).query(({ ctx, input }) => getOutboxEmail(ctx.actor, input.id, ctx.db));
