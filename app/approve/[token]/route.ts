import { callbackPageHandler } from "@/server/approvals/page-route";

/** Public approval and form pages (no session): GET shows, POST decides once. See server/approvals/page-route.ts. */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const handle = callbackPageHandler();
export const GET = handle;
export const POST = handle;
