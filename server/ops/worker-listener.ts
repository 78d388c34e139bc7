import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createOpsFront, type OpsOptions } from "./http";

/**
 * The standalone worker's (`npm run worker`) small HTTP listener on
 * METRICS_PORT: GET /metrics (Bearer METRICS_TOKEN, 404 without a token, like
 * /api/metrics), /health and /ready (also under /api/…). Nothing else: 404.
 * Resolves with the bound port once listening.
 */
export function startOpsListener(port: number, o: OpsOptions & { host?: string } = {}): Promise<{ server: Server; port: number }> {
  const front = createOpsFront({ ...o, bare: true });
  const server = createServer((req, res) => {
    if (front(req, res)) return;
    req.resume();
    const body = JSON.stringify({ error: { code: "NOT_FOUND", message: "Not found: this listener serves /metrics, /health and /ready" } });
    res.writeHead(404, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) }).end(body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, o.host, () => {
      server.off("error", reject);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}

/** `npm run worker`: the listener when METRICS_PORT is set (all interfaces); a note when METRICS_TOKEN is missing. */
export async function startOpsListenerFromEnv(): Promise<void> {
  const { env } = await import("@/server/env");
  const e = env();
  if (!e.METRICS_PORT) return;
  const { port } = await startOpsListener(e.METRICS_PORT);
  const metrics = e.METRICS_TOKEN ? "/metrics" : "/metrics off: set METRICS_TOKEN";
  process.stdout.write(`worker probes and metrics on port ${port} (/health, /ready, ${metrics})\n`);
}
