import { adminProcedure } from "@/server/trpc/init";
import { bulkEnroll, bulkEnrollInput } from "@/server/services/automations/bulk-enroll";

/** automations.bulkEnroll({ automationId, items: [{ data, dedupe_key? }] ≤ 500 }) → { enrolled, skipped, runIds, skippedKeys }. */
export const bulkEnrollProcedure = adminProcedure.input(bulkEnrollInput).mutation(({ ctx, input }) => bulkEnroll(ctx.actor, input, ctx.db));
