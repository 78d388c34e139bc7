import "server-only";
import { dbReady, type Db } from "@/server/db";
import { logger } from "@/server/log";
import { readAuthSession } from "@/server/auth/read-session";
import { claimsOf, resolveSessionUser } from "@/server/auth/session";
import { memberActor } from "@/server/auth/actor";
import { exportRuns } from "@/server/services/runs/export-runs";
import { exportRunsInput } from "@/server/trpc/routers/runs/export.schema";
import { toFieldIssues } from "@/server/services/automations/input";
import { attachmentHeader, readableFrom } from "./download";
import { toApiError, envelope, ApiError } from "./errors";
import { runExportChunks } from "./presenters/run-export";

/**
 * The browser's run export download (GET /api/runs/export): the signed-in
 * member's session (cookie), the runs list's filters as `filters` (JSON, the
 * runs.list input) plus `runId` / `automationId`, and the same service and
 * file as REST GET /automations/{id}/runs/export. Errors answer the REST error
 * envelope with the right status.
 */
function fail(e: ApiError): Response {
  return new Response(envelope(e), { status: e.status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...e.headers } });
}

export async function handleRunExportDownload(req: Request, db?: Db): Promise<Response> {
  try {
    const client = db ?? (await dbReady());
    const user = await resolveSessionUser(client, claimsOf(await readAuthSession(req.headers)));
    if (!user) throw new ApiError(401, "unauthorized", "Sign in to export runs");
    const url = new URL(req.url);
    let filters: unknown = {};
    const raw = url.searchParams.get("filters");
    if (raw) {
      try {
        filters = JSON.parse(raw) as unknown;
      } catch {
        throw new ApiError(400, "validation_failed", "filters: must be JSON (the runs list's filters)", { issues: [{ field: "filters", message: "must be JSON", in: "query" }] });
      }
      if (typeof filters !== "object" || filters === null || Array.isArray(filters)) {
        throw new ApiError(400, "validation_failed", "filters: must be a JSON object", { issues: [{ field: "filters", message: "must be an object", in: "query" }] });
      }
    }
    const input = {
      ...(filters as Record<string, unknown>),
      ...(url.searchParams.get("automationId") ? { automationId: url.searchParams.get("automationId") } : {}),
      ...(url.searchParams.get("runId") ? { runId: url.searchParams.get("runId") } : {}),
    };
    const parsed = exportRunsInput.safeParse(input);
    if (!parsed.success) {
      const issues = toFieldIssues(parsed.error);
      throw new ApiError(400, "validation_failed", `Invalid export filters — ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`, { issues: issues.map((i) => ({ ...i, in: "query" })) });
    }
    const exp = await exportRuns(memberActor(user.userId, user.workspaceId, user.role), parsed.data, client);
    const body = readableFrom(runExportChunks(exp), (err) => logger().error({ err }, "streamed run export failed"));
    return new Response(body, {
      status: 200,
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": attachmentHeader(exp.filename),
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (err) {
    const e = toApiError(err);
    if (e.status >= 500) logger().error({ err }, "run export failed");
    return fail(e);
  }
}
