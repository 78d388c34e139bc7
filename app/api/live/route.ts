import { dbReady } from "@/server/db";
import { liveResponse } from "@/server/runtime/live";

/**
 * Live updates of runs (server-sent events): see server/runtime/live.ts. `npm start` answers
 * /api/live on its node:http front before Next.js; this route serves `next dev`.
 */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return liveResponse(request, await dbReady());
}
