import { Agent, createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createOpsFront } from "@/server/ops/http";
import { defaultProbeDeps, type ProbeDeps } from "@/server/ops/probes";
import { createHttpDrain } from "@/server/runtime/http-drain";
import { beginDrain, resetDrainForTests } from "@/server/runtime/shutdown";

/**
 * The HTTP half of the graceful shutdown (scripts/serve.ts) on a real node:http
 * server: once the drain begins /api/ready answers 503 "shutting down", a
 * request in progress still gets its answer (with Connection: close), new
 * connections are refused, and drain() resolves when the server has closed.
 */
/** keep-alive client: a Connection: close in the answer comes from the server */
const agent = new Agent({ keepAlive: true });

function get(port: number, p: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: p, agent }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("HTTP drain", () => {
  let server: Server | undefined;
  afterAll(() => {
    agent.destroy();
    resetDrainForTests();
    server?.closeAllConnections();
    server?.close();
  });

  it("ready → 503 while draining, the request in progress finishes, new connections are refused", async () => {
    const drain = createHttpDrain();
    // Readiness with everything else skipped: only the drain decides.
    const probes = (): ProbeDeps => ({ ...defaultProbeDeps(), engineExpected: false, queueMode: "embedded", db: () => Promise.reject(new Error("unused")) });
    const front = drain.front(createOpsFront({ probes }));
    let release: () => void = () => undefined;
    const srv = createServer((req, res) => {
      if (front(req, res)) return;
      // a slow request
      release = () => res.writeHead(200, { "content-type": "text/plain" }).end("slow done");
    });
    server = srv;
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const { port } = srv.address() as AddressInfo;

    // Before the drain: a keep-alive answer.
    expect((await get(port, "/api/health")).headers.connection).toBe("keep-alive");
    const slow = get(port, "/slow");
    await new Promise((r) => setTimeout(r, 100));
    beginDrain();
    const ready = await get(port, "/api/ready");
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({ status: "not_ready", checks: [{ name: "shutdown", status: "fail" }] });
    expect(ready.headers.connection).toBe("close");

    const t0 = Date.now();
    const drained = drain.drain(srv, Date.now() + 5000);
    await expect(get(port, "/other")).rejects.toThrow(/ECONNREFUSED/);
    release();
    const answer = await slow;
    expect(answer).toMatchObject({ status: 200, body: "slow done" });
    expect(answer.headers.connection).toBe("close");
    expect(await drained).toBe(true);
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});
