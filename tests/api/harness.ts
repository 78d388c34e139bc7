import type { Db } from "@/server/db";
import { createApiHandler, type ApiHandler, type ApiHandlerOptions } from "@/server/api/router";
import { fromWebRequest } from "@/server/api/http";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { memberActor } from "@/server/auth/actor";
import type { ApiKeyScope } from "@/server/auth/permissions";
import { API_KEY_SCOPES } from "@/server/auth/permissions";
import type { TestWorkspace } from "@/server/testing/db";

/** Calls the REST handler in process (no HTTP server) with Web Requests, as the Next.js route does. */
export interface ApiResult {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /** the client's address as the server sees it (the socket's peer) */
  ip?: string;
}

export function apiClient(db: Db, opts: Omit<ApiHandlerOptions, "db"> = {}) {
  const handler: ApiHandler = createApiHandler({ db, log: () => undefined, ...opts });
  return async function call(method: string, path: string, o: CallOptions = {}): Promise<ApiResult> {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.key) headers.authorization = `Bearer ${o.key}`;
    let body: string | undefined;
    if (o.rawBody !== undefined) body = o.rawBody;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
    const req = new Request(`http://localhost/api/v1${path}`, { method, headers, body });
    const res = await handler(fromWebRequest(req, o.ip));
    // Streamed bodies (file downloads) are read whole here.
    if (res.stream) {
      let text = "";
      for await (const chunk of res.stream) text += chunk;
      res.body = text;
    }
    let json: unknown = null;
    try {
      json = res.body ? JSON.parse(res.body) : null;
    } catch {
      json = null;
    }
    return { status: res.status, headers: res.headers, text: res.body ?? "", json };
  };
}

export type Call = ReturnType<typeof apiClient>;

export async function makeKey(db: Db, ws: { workspaceId: string; adminId: string }, scopes: readonly ApiKeyScope[] = API_KEY_SCOPES, name = "test key"): Promise<string> {
  const created = await createApiKey(memberActor(ws.adminId, ws.workspaceId, "ADMIN"), { name, scopes: [...scopes] }, db);
  return created.key;
}

export interface Keys {
  full: string;
  readOnly: string;
  other: string;
}

export async function makeKeys(db: Db, ws: TestWorkspace): Promise<Keys> {
  return {
    full: await makeKey(db, ws),
    readOnly: await makeKey(db, ws, ["automations:read", "schedules:read", "connections:read"], "read only"),
    other: await makeKey(db, { workspaceId: ws.otherWorkspaceId, adminId: ws.otherAdminId }),
  };
}

export function body<T = Record<string, unknown>>(r: ApiResult): T {
  return r.json as T;
}
