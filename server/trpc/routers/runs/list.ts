import { memberProcedure } from "@/server/trpc/init";
import { listRuns } from "@/server/services/runs/list-runs";
import { listRunsInput } from "./list.schema";

/** runs.list({ automationId?, status?, triggerType?, isTest?, parentRunId?, from?, to?, search?, cursor?, limit? }) → { items: RunListItem[], nextCursor, searchedTo }. */
export const list = memberProcedure.input(listRunsInput).query(({ ctx, input }) => listRuns(ctx.actor, input, ctx.db));
