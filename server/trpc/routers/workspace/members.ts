import { memberProcedure } from "@/server/trpc/init";
import { listMembers } from "@/server/services/workspaces/list-members";

/** Everyone in the current workspace with their role. */
export const members = memberProcedure.query(({ ctx }) => listMembers(ctx.actor, ctx.db));
