import { memberProcedure } from "@/server/trpc/init";
import { listTriggerTypes } from "@/server/services/triggers/list-trigger-types";

/** triggerTypes.list() → every trigger type with config_schema, sample_trigger_data and available_variables. */
export const list = memberProcedure.query(({ ctx }) => listTriggerTypes(ctx.actor, ctx.db));
