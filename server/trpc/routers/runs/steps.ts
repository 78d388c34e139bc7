import { memberProcedure } from "@/server/trpc/init";
import { listSteps } from "@/server/services/runs/list-steps";
import { listStepsInput } from "./steps.schema";

/** runs.steps({ runId, nodeId?, status?, cursor?, limit? }) → { items: ActionResult[], nextCursor } in start order (startedAt, id); the run page pages through steps with it. */
export const steps = memberProcedure.input(listStepsInput).query(({ ctx, input }) => listSteps(ctx.actor, input, ctx.db));
