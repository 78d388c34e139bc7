import { memberProcedure } from "@/server/trpc/init";
import { listTriggerTypes } from "@/server/services/triggers/list-trigger-types";

/** triggerTypes.list() → every trigger type with configSchema, sampleTriggerData and availableVariables. */
export const list = memberProcedure.query(({ ctx }) => listTriggerTypes(ctx.actor, ctx.db));
