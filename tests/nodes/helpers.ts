import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ChildRunStarter, JsonValue, NodeContext, NodeServices } from "@/server/engine/contract";

/** A NodeContext for calling an executor directly; services must be given explicitly. */
export function makeCtx(over: Omit<Partial<NodeContext>, "services"> & { config: unknown; services: Partial<NodeServices> }): NodeContext {
  const runId = over.runId ?? "run_test";
  const nodeId = over.nodeId ?? "node_1";
  const noService = (name: string) =>
    new Proxy(
      {},
      {
        get() {
          throw new Error(`test context: service "${name}" was not provided`);
        },
      },
    );
  const services: NodeServices = {
    http: over.services.http ?? (noService("http") as NodeServices["http"]),
    mailer: over.services.mailer ?? (noService("mailer") as NodeServices["mailer"]),
    sandbox: over.services.sandbox ?? (noService("sandbox") as NodeServices["sandbox"]),
    notifier: over.services.notifier ?? (noService("notifier") as NodeServices["notifier"]),
    childRuns: over.services.childRuns ?? (noService("childRuns") as ChildRunStarter),
    now: over.services.now ?? (() => new Date()),
    ...(over.services.connections ? { connections: over.services.connections } : {}),
  };
  return {
    workspaceId: over.workspaceId ?? "ws_test",
    automationId: over.automationId ?? "auto_test",
    runId,
    nodeId,
    nodeName: over.nodeName ?? "Step",
    idempotencyKey: over.idempotencyKey ?? `${runId}:${nodeId}:`,
    attempt: over.attempt ?? 1,
    config: over.config,
    scope: over.scope ?? { trigger: {}, steps: {}, vars: {} },
    signal: over.signal ?? new AbortController().signal,
    timeoutMs: over.timeoutMs ?? 10_000,
    ...(over.resume ? { resume: over.resume } : {}),
    ...(over.rawConfig !== undefined ? { rawConfig: over.rawConfig } : {}),
    ...(over.recordRequest ? { recordRequest: over.recordRequest } : {}),
    services,
  };
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface TestServer {
  base: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1; `route` answers each request after its body was read. */
export async function startServer(route: (req: SeenRequest, res: http.ServerResponse) => void): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const r: SeenRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      seen.push(r);
      route(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: http.ServerResponse, status: number, value: JsonValue): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

/** Awaits a promise that must reject, returning the error. */
export async function rejection(p: Promise<unknown>): Promise<Error & { code?: string; retryable?: boolean; details?: unknown }> {
  return p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e as Error & { code?: string; retryable?: boolean },
  );
}
