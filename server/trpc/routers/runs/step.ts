import { memberProcedure } from "@/server/trpc/init";
import { getStep } from "@/server/services/runs/get-step";
import { getStepInput } from "./step.schema";

/** runs.step({ runId, stepId }) → StepDetail (one attempt with its full request and response). */
export const step = memberProcedure.input(getStepInput).query(({ ctx, input }) => getStep(ctx.actor, input, ctx.db));
