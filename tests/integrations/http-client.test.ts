import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StepError } from "@/server/engine/contract";
import { resetEnvForTests } from "@/server/env";
import { createHttpClient } from "@/server/integrations/http";

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const seen: Seen[] = [];
const closedEarly: string[] = [];
let server: http.Server;
let base = "";

function json(res: http.ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(value));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const path = url.pathname;
      if (path === "/echo") return json(res, 200, { method: req.method, query: Object.fromEntries(url.searchParams), headers: req.headers, body });
      if (path === "/slow") {
        res.on("close", () => closedEarly.push(path));
        return; // never answers
      }
      if (path === "/redirect") {
        res.writeHead(Number(url.searchParams.get("status") ?? 302), { location: url.searchParams.get("to") ?? "/echo" });
        return res.end();
      }
      if (path.startsWith("/chain/")) {
        const n = Number(path.slice("/chain/".length));
        res.writeHead(302, { location: n > 0 ? `/chain/${n - 1}` : "/echo" });
        return res.end();
      }
      if (path === "/big") {
        res.writeHead(200, { "content-type": "text/plain" });
        const chunk = "x".repeat(64 * 1024);
        for (let i = 0; i < Number(url.searchParams.get("chunks") ?? 50); i++) res.write(chunk);
        return res.end();
      }
      if (path === "/gzip") {
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
        return res.end(zlib.gzipSync(JSON.stringify({ compressed: true })));
      }
      if (path === "/status") {
        res.writeHead(Number(url.searchParams.get("code")), { "content-type": "text/plain", "set-cookie": ["a=1", "b=2"] });
        return res.end("status body");
      }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.HTTP_ALLOWLIST = "127.0.0.1";
  resetEnvForTests();
});

afterAll(async () => {
  delete process.env.HTTP_ALLOWLIST;
  resetEnvForTests();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const client = createHttpClient(); // allow-list from env().HTTP_ALLOWLIST

async function failure(p: Promise<unknown>): Promise<StepError> {
  const e = await p.then(
    () => new Error("expected the request to fail"),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StepError);
  return e as StepError;
}

describe("guarded HTTP client against a real server", () => {
  it("sends method, headers, query and body and returns status, headers and body", async () => {
    const res = await client.request({
      method: "post",
      url: `${base}/echo?a=1&b=two%20words`,
      headers: { "content-type": "application/json", "idempotency-key": "run1:n1:", "x-custom": "yes" },
      body: JSON.stringify({ hello: "world" }),
      timeoutMs: 5000,
    });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("application/json");
    expect(res.truncated).toBe(false);
    const echoed = JSON.parse(res.body);
    expect(echoed.method).toBe("POST");
    expect(echoed.query).toEqual({ a: "1", b: "two words" });
    expect(echoed.headers["idempotency-key"]).toBe("run1:n1:");
    expect(echoed.headers["x-custom"]).toBe("yes");
    expect(echoed.headers["content-length"]).toBe(String(Buffer.byteLength('{"hello":"world"}')));
    expect(JSON.parse(echoed.body)).toEqual({ hello: "world" });
  });

  it("reuses connections per allow list (keep-alive), and a list that forbids the host never gets a pooled socket", async () => {
    let connections = 0;
    const count = () => connections++;
    server.on("connection", count);
    try {
      const get = (c: ReturnType<typeof createHttpClient>) => c.request({ method: "GET", url: `${base}/echo`, timeoutMs: 5000 });
      for (let i = 0; i < 4; i++) expect((await get(client)).status).toBe(200);
      // One new connection at most (the pool may already hold one from the tests above).
      expect(connections).toBeLessThanOrEqual(1);
      const before = connections;
      // Another allow list has its own pool: its first request opens its own connection.
      const other = createHttpClient({ allowList: "127.0.0.1,10.0.0.0/8" });
      expect((await get(other)).status).toBe(200);
      expect((await get(other)).status).toBe(200);
      expect(connections).toBe(before + 1);
      // A client whose list forbids 127.0.0.1 is refused before any socket is used.
      const strict = createHttpClient({ allowList: "" });
      expect((await failure(get(strict))).code).toBe("SSRF_BLOCKED");
      expect(connections).toBe(before + 1);
    } finally {
      server.off("connection", count);
    }
  });

  it("returns error statuses without throwing (the node decides)", async () => {
    const res = await client.request({ method: "GET", url: `${base}/status?code=503`, timeoutMs: 5000 });
    expect(res.status).toBe(503);
    expect(res.body).toBe("status body");
    expect(res.headers["set-cookie"]).toBe("a=1, b=2");
  });

  it("times out with a retryable HTTP_TIMEOUT and closes the connection", async () => {
    const before = closedEarly.length;
    const started = Date.now();
    const err = await failure(client.request({ method: "GET", url: `${base}/slow`, timeoutMs: 200 }));
    expect(err.code).toBe("HTTP_TIMEOUT");
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/timed out after 200 ms/);
    expect(Date.now() - started).toBeLessThan(1500);
    await new Promise((r) => setTimeout(r, 100));
    expect(closedEarly.length).toBe(before + 1);
  });

  it("aborts on the AbortSignal and destroys the socket", async () => {
    const before = closedEarly.length;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const err = await failure(client.request({ method: "GET", url: `${base}/slow`, timeoutMs: 10_000, signal: controller.signal }));
    expect(err.code).toBe("HTTP_ABORTED");
    await new Promise((r) => setTimeout(r, 100));
    expect(closedEarly.length).toBe(before + 1);
  });

  it("follows redirects, switching to GET on 303 and keeping the method on 307", async () => {
    const r303 = await client.request({ method: "POST", url: `${base}/redirect?status=303&to=/echo`, body: "x=1", headers: { "content-type": "text/plain" }, timeoutMs: 5000 });
    expect(JSON.parse(r303.body)).toMatchObject({ method: "GET", body: "" });
    expect(r303.url).toBe(`${base}/echo`);
    const r307 = await client.request({ method: "PUT", url: `${base}/redirect?status=307&to=/echo`, body: "x=1", timeoutMs: 5000 });
    expect(JSON.parse(r307.body)).toMatchObject({ method: "PUT", body: "x=1" });
  });

  it("follows up to 5 redirects and fails beyond", async () => {
    const ok = await client.request({ method: "GET", url: `${base}/chain/4`, timeoutMs: 5000 });
    expect(ok.status).toBe(200);
    const err = await failure(client.request({ method: "GET", url: `${base}/chain/5`, timeoutMs: 5000 }));
    expect(err.code).toBe("HTTP_TOO_MANY_REDIRECTS");
    expect(err.retryable).toBe(false);
  });

  it("re-checks every redirect hop against the SSRF guard", async () => {
    const count = seen.length;
    const meta = await failure(client.request({ method: "GET", url: `${base}/redirect?to=${encodeURIComponent("http://169.254.169.254/latest/meta-data/")}`, timeoutMs: 5000 }));
    expect(meta.code).toBe("SSRF_BLOCKED");
    expect(meta.message).toContain("169.254.169.254");
    const v6 = await failure(client.request({ method: "GET", url: `${base}/redirect?to=${encodeURIComponent("http://[::1]:1/")}`, timeoutMs: 5000 }));
    expect(v6.code).toBe("SSRF_BLOCKED");
    const file = await failure(client.request({ method: "GET", url: `${base}/redirect?to=${encodeURIComponent("file:///etc/passwd")}`, timeoutMs: 5000 }));
    expect(file.code).toBe("SSRF_BLOCKED");
    expect(seen.length).toBe(count + 3); // only the redirecting requests reached the server
  });

  it("drops credentials when a redirect changes origin", async () => {
    const port = (server.address() as AddressInfo).port;
    const withHost = createHttpClient({ allowList: "127.0.0.1, localhost" });
    const res = await withHost.request({
      method: "GET",
      url: `${base}/redirect?to=${encodeURIComponent(`http://localhost:${port}/echo`)}`,
      headers: { authorization: "Bearer secret", "x-keep": "1" },
      timeoutMs: 5000,
    });
    const echoed = JSON.parse(res.body);
    expect(echoed.headers.authorization).toBeUndefined();
    expect(echoed.headers["x-keep"]).toBe("1");
    const same = await client.request({ method: "GET", url: `${base}/redirect?to=/echo`, headers: { authorization: "Bearer secret" }, timeoutMs: 5000 });
    expect(JSON.parse(same.body).headers.authorization).toBe("Bearer secret");
  });

  it("caps the body size and reports truncation", async () => {
    const small = createHttpClient({ allowList: "127.0.0.1", maxBodyBytes: 1000 });
    const res = await small.request({ method: "GET", url: `${base}/big`, timeoutMs: 5000 });
    expect(res.truncated).toBe(true);
    expect(res.body.length).toBe(1000);
    const full = await client.request({ method: "GET", url: `${base}/big?chunks=80`, timeoutMs: 5000 });
    expect(full.truncated).toBe(false);
    expect(full.body.length).toBe(5 * 1024 * 1024);
    const over = await client.request({ method: "GET", url: `${base}/big?chunks=81`, timeoutMs: 5000 });
    expect(over.truncated).toBe(true);
    expect(over.body.length).toBe(5 * 1024 * 1024);
  });

  it("decompresses gzip bodies", async () => {
    const res = await client.request({ method: "GET", url: `${base}/gzip`, headers: { "accept-encoding": "gzip" }, timeoutMs: 5000 });
    expect(JSON.parse(res.body)).toEqual({ compressed: true });
  });

  it("reports connection failures as retryable", async () => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const err = await failure(client.request({ method: "GET", url: `http://127.0.0.1:${port}/`, timeoutMs: 5000 }));
    expect(err.code).toBe("HTTP_NETWORK");
    expect(err.retryable).toBe(true);
    expect(err.message).toContain("ECONNREFUSED");
  });

  it("rejects invalid header values as fatal", async () => {
    const err = await failure(client.request({ method: "GET", url: `${base}/echo`, headers: { "x-bad": "a\r\nb" }, timeoutMs: 5000 }));
    expect(err.code).toBe("HTTP_INVALID_REQUEST");
  });

  it("blocks 127.0.0.1 when the allow-list is empty", async () => {
    const strict = createHttpClient({ allowList: "" });
    const count = seen.length;
    const err = await failure(strict.request({ method: "GET", url: `${base}/echo`, timeoutMs: 5000 }));
    expect(err.code).toBe("SSRF_BLOCKED");
    expect(seen.length).toBe(count);
  });
});
