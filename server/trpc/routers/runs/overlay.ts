import { memberProcedure } from "@/server/trpc/init";
import { getRunOverlay } from "@/server/services/runs/run-overlay";
import { runOverlayInput } from "./overlay.schema";

/** runs.overlay({ runId }) → { id, status, error, nodes: per-node status, handles, counts } — the canvas overlay, no payloads. */
export const overlay = memberProcedure.input(runOverlayInput).query(({ ctx, input }) => getRunOverlay(ctx.actor, input.runId, ctx.db));
