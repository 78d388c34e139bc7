import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient } from "@/server/integrations/http";
import { httpRequestExecutor } from "@/server/nodes/http-request";
import { slackMessageExecutor } from "@/server/nodes/slack-message";
import { makeCtx, rejection, sendJson, startServer, type TestServer } from "./helpers";

let api: TestServer;
const http = createHttpClient({ allowList: "127.0.0.1" });

beforeAll(async () => {
  api = await startServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/orders") return sendJson(res, 201, { id: "ord_1", received: req.body ? JSON.parse(req.body) : null });
    if (url.pathname === "/text") {
      res.writeHead(200, { "content-type": "text/plain" });
      return res.end("plain text");
    }
    if (url.pathname === "/status") {
      res.writeHead(Number(url.searchParams.get("code")), { "content-type": "application/json" });
      return res.end(JSON.stringify({ error: "nope" }));
    }
    if (url.pathname === "/slack/ok") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end("ok");
    }
    if (url.pathname === "/slack/gone") {
      res.writeHead(404, { "content-type": "text/html" });
      return res.end("no_service");
    }
    if (url.pathname === "/slack/down") {
      res.writeHead(503);
      return res.end("upstream down");
    }
    res.writeHead(404);
    res.end();
  });
});
afterAll(() => api.close());

const baseConfig = { method: "GET", headers: [], query: [], bodyType: "none", body: "", timeoutMs: 5000, failOnHttpError: true };

describe("http_request node", () => {
  it("sends method, query, headers, Idempotency-Key, User-Agent and a JSON body; parses the JSON response", async () => {
    const ctx = makeCtx({
      idempotencyKey: "run_9:node_http:",
      services: { http },
      config: {
        ...baseConfig,
        method: "POST",
        url: `${api.base}/orders?existing=1`,
        query: [
          { key: "q", value: "a b&c" },
          { key: "n", value: 5 },
        ],
        headers: [{ key: "X-Token", value: "abc" }],
        bodyType: "json",
        body: { qty: 2, sku: "A-1" },
      },
    });
    const before = api.seen.length;
    const r = await httpRequestExecutor.execute(ctx);
    expect(api.seen.length).toBe(before + 1);
    const req = api.seen[api.seen.length - 1];
    expect(req.method).toBe("POST");
    const url = new URL(req.url, "http://x");
    expect(url.searchParams.get("existing")).toBe("1");
    expect(url.searchParams.get("q")).toBe("a b&c");
    expect(url.searchParams.get("n")).toBe("5");
    expect(req.headers["idempotency-key"]).toBe("run_9:node_http:");
    expect(req.headers["user-agent"]).toMatch(/^Switchyard\//);
    expect(req.headers["x-token"]).toBe("abc");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req.body)).toEqual({ qty: 2, sku: "A-1" });
    expect(r).toMatchObject({ output: { status: 201, body: { id: "ord_1", received: { qty: 2, sku: "A-1" } } } });
    expect((r as { output: { headers: Record<string, string> } }).output.headers["content-type"]).toBe("application/json");
  });

  it("keeps non-JSON bodies as text", async () => {
    const r = await httpRequestExecutor.execute(makeCtx({ services: { http }, config: { ...baseConfig, url: `${api.base}/text` } }));
    expect(r).toMatchObject({ output: { status: 200, body: "plain text" } });
  });

  it("fails 5xx and 429 retryably and other 4xx fatally when failOnHttpError is on", async () => {
    const e500 = await rejection(httpRequestExecutor.execute(makeCtx({ services: { http }, config: { ...baseConfig, url: `${api.base}/status?code=502` } })));
    expect(e500).toMatchObject({ code: "HTTP_502", retryable: true });
    expect(e500.message).toMatch(/^HTTP 502 from 127\.0\.0\.1:\d+: \{"error":"nope"\}/);
    const e429 = await rejection(httpRequestExecutor.execute(makeCtx({ services: { http }, config: { ...baseConfig, url: `${api.base}/status?code=429` } })));
    expect(e429).toMatchObject({ code: "HTTP_429", retryable: true });
    const e404 = await rejection(httpRequestExecutor.execute(makeCtx({ services: { http }, config: { ...baseConfig, url: `${api.base}/status?code=404` } })));
    expect(e404).toMatchObject({ code: "HTTP_404", retryable: false });
    expect(e404.message).toContain("HTTP 404");
  });

  it("returns error responses as output when failOnHttpError is off", async () => {
    const r = await httpRequestExecutor.execute(
      makeCtx({ services: { http }, config: { ...baseConfig, url: `${api.base}/status?code=404`, failOnHttpError: false } }),
    );
    expect(r).toMatchObject({ output: { status: 404, body: { error: "nope" } } });
  });

  it("is blocked by the SSRF guard without an allow-list entry", async () => {
    const strict = createHttpClient({ allowList: "" });
    const err = await rejection(httpRequestExecutor.execute(makeCtx({ services: { http: strict }, config: { ...baseConfig, url: `${api.base}/text` } })));
    expect(err).toMatchObject({ code: "SSRF_BLOCKED", retryable: false });
  });

  it("previews the request without sending it, hiding credentials", async () => {
    const before = api.seen.length;
    const preview = await httpRequestExecutor.preview(
      makeCtx({
        idempotencyKey: "k1",
        services: { http },
        config: { ...baseConfig, method: "PUT", url: `${api.base}/orders`, headers: [{ key: "Authorization", value: "Bearer supersecrettoken" }], bodyType: "text", body: "hi" },
      }),
    );
    expect(api.seen.length).toBe(before);
    expect(preview).toMatchObject({ method: "PUT", url: `${api.base}/orders`, body: "hi", headers: { "Idempotency-Key": "k1", "Content-Type": "text/plain; charset=utf-8" } });
    const auth = (preview as { headers: Record<string, string> }).headers.Authorization;
    expect(auth).not.toContain("supersecrettoken");
    expect(auth).toContain("(hidden)");
  });

  it("reports invalid resolved config precisely", async () => {
    const err = await rejection(httpRequestExecutor.execute(makeCtx({ services: { http }, config: { ...baseConfig, url: "ftp://example.com/x" } })));
    expect(err.code).toBe("CONFIG_INVALID");
    expect(err.message).toContain('"url" must be an http:// or https:// URL');
  });
});

describe("slack_message node", () => {
  it("posts { text, blocks } as JSON to the webhook", async () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*Deal won*" } }];
    const r = await slackMessageExecutor.execute(
      makeCtx({ services: { http }, config: { webhookUrl: `${api.base}/slack/ok`, text: "Deal won: Acme", blocks: JSON.stringify(blocks) } }),
    );
    expect(r).toEqual({ output: { ok: true, status: 200, body: "ok" } });
    const req = api.seen[api.seen.length - 1];
    expect(req.method).toBe("POST");
    expect(req.headers["content-type"]).toContain("application/json");
    expect(JSON.parse(req.body)).toEqual({ text: "Deal won: Acme", blocks });
  });

  it("fails fatally on 4xx with Slack's reason and retryably on 5xx", async () => {
    const gone = await rejection(slackMessageExecutor.execute(makeCtx({ services: { http }, config: { webhookUrl: `${api.base}/slack/gone`, text: "hi" } })));
    expect(gone).toMatchObject({ code: "SLACK_ERROR", retryable: false });
    expect(gone.message).toContain("no_service");
    const down = await rejection(slackMessageExecutor.execute(makeCtx({ services: { http }, config: { webhookUrl: `${api.base}/slack/down`, text: "hi" } })));
    expect(down).toMatchObject({ code: "SLACK_ERROR", retryable: true });
  });

  it("requires text and valid blocks; previews without posting", async () => {
    const empty = await rejection(slackMessageExecutor.execute(makeCtx({ services: { http }, config: { webhookUrl: `${api.base}/slack/ok`, text: "" } })));
    expect(empty.message).toContain('"text" is required');
    const badBlocks = await rejection(slackMessageExecutor.execute(makeCtx({ services: { http }, config: { webhookUrl: `${api.base}/slack/ok`, text: "x", blocks: "{" } })));
    expect(badBlocks.code).toBe("CONFIG_INVALID");
    const before = api.seen.length;
    const preview = await slackMessageExecutor.preview(makeCtx({ services: { http }, config: { webhookUrl: `${api.base}/slack/ok/T1/B2/secret`, text: "x" } }));
    expect(api.seen.length).toBe(before);
    expect(JSON.stringify(preview)).not.toContain("secret");
  });
});
