import { permissionProcedure } from "@/server/trpc/init";
import { knownIp } from "@/server/security/client-ip";
import { resumeWaitingRun, resumeWaitingRunInput } from "@/server/services/runs/resume-waiting-run";

/** runs.resume({ runId, decision, data?, comment? }) → { runId, requestId, outcome }; a run not waiting for a decision → CONFLICT. */
export const resume = permissionProcedure("approvals:write")
  .input(resumeWaitingRunInput)
  .mutation(({ ctx, input }) => resumeWaitingRun(ctx.actor, input, ctx.db, { ip: knownIp(ctx.clientIp) }));
