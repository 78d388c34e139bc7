import { memberProcedure } from "@/server/trpc/init";
import { getTriggerType, getTriggerTypeInput } from "@/server/services/triggers/get-trigger-type";

/** triggerTypes.get({ type }) → one trigger type; form_submitted answers BAD_REQUEST pointing to form_completed. */
export const get = memberProcedure.input(getTriggerTypeInput).query(({ ctx, input }) => getTriggerType(ctx.actor, input, ctx.db));
