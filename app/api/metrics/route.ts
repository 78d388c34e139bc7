import { opsRouteResponse } from "@/server/ops/http";

/** /api/metrics (next dev / next start); `npm start` answers it earlier, on the node:http front (server/ops/http.ts). */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = (request: Request) => opsRouteResponse("metrics", request);
export const HEAD = GET;
