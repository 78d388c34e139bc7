import { z } from "zod";
import { isExecutorAuthorized } from "@/server/runtime/executor-token";
import { getEngineRuntime } from "@/server/runtime/process";

/**
 * Internal execution entry: POST { runId } with `Authorization: Bearer
 * <HMAC(APP_SECRET, "run-executor")>`. Claims the run (lease) and executes it
 * with the same executor the dispatcher uses; answers with how the execution
 * ended (finished, paused, requeued, not-claimed, lease-lost).
 */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const bodySchema = z.object({ runId: z.string().min(1).max(64) });

function error(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

export async function POST(request: Request): Promise<Response> {
  if (!isExecutorAuthorized(request.headers.get("authorization"))) {
    return error(401, "UNAUTHORIZED", "This internal endpoint needs the executor token (Authorization: Bearer …)");
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return error(400, "BAD_REQUEST", "Body must be JSON: { \"runId\": \"…\" }");
  }
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) return error(400, "BAD_REQUEST", "runId: required, 1–64 characters");
  const rt = await getEngineRuntime();
  const result = await rt.engine.executeRun(parsed.data.runId);
  // Follow-ups (a delay's timer, a retry backoff) go to this process's dispatcher when it runs one;
  // otherwise the ticker of whichever process runs the engine finds them in the database.
  if ((result.kind === "paused" || result.kind === "requeued") && result.wakeAt) rt.dispatcher.enqueue(parsed.data.runId, { at: result.wakeAt });
  return Response.json({ runId: parsed.data.runId, result });
}
