import { memberProcedure, permissionProcedure } from "@/server/trpc/init";
import { getRunRetention, setRunRetention, setRunRetentionInput } from "@/server/services/retention/run-retention-setting";

/** workspace.runRetention() → { days: number | null } (every member reads it) */
export const runRetention = memberProcedure.query(({ ctx }) => getRunRetention(ctx.actor, ctx.db));

/** workspace.setRunRetention({ days: 1–3650 | null }) → { days } (workspace admins; audited) */
export const setRunRetentionProcedure = permissionProcedure("workspace:admin").input(setRunRetentionInput).mutation(({ ctx, input }) => setRunRetention(ctx.actor, input, ctx.db));
