import { opsRouteResponse } from "@/server/ops/http";

/** /api/health (next dev / next start); `npm start` answers it earlier, on the node:http front (server/ops/http.ts). */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = (request: Request) => opsRouteResponse("health", request);
export const HEAD = GET;
