import { handleHookRoute } from "@/server/triggers/webhook/web-adapter";

/** Incoming webhooks (next dev / next start); `npm start` answers them earlier, on the node:http front. */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handleHookRoute;
export const POST = handleHookRoute;
export const PUT = handleHookRoute;
export const PATCH = handleHookRoute;
export const DELETE = handleHookRoute;
