import { handleRunExportDownload } from "@/server/api/run-export-download";

/** Run export download for signed-in members (session cookie): ?runId= or ?automationId=&filters=<runs.list filters as JSON>. */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = (req: Request) => handleRunExportDownload(req);
