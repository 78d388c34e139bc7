import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIngressServer } from "@/server/runtime/ingress";
import { resetEnvForTests } from "@/server/env";
import { callbackPageHandler } from "@/server/approvals/page-route";
import { CallbackRateLimiter } from "@/server/approvals/rate-limit";
import { fromWebRequest } from "@/server/api/http";
import { clientAddress } from "@/server/auth/sign-in-throttle";
import { clientIpOf, PEER_HEADER } from "@/server/security/client-ip";
import { engineEnv, setupEngineTest, type EngineTest } from "../engine/helpers";
import { approvalGraph, startPaused, tokenFor } from "./helpers";

/**
 * X-Forwarded-For is written by whoever sends the request: with the default
 * TRUST_PROXY=0 it is ignored (the TCP peer counts, stamped by the HTTP front),
 * so rotating it does not dodge the approval pages' per-IP limit. With N trusted
 * proxies the N-th entry from the right counts.
 */
engineEnv({ APP_URL: "https://switchyard.test" });

const headersOf = (h: Record<string, string>) => (name: string) => h[name] ?? null;

describe("client address (TRUST_PROXY)", () => {
  it("0 (default): the peer; X-Forwarded-For and X-Real-IP are ignored", () => {
    expect(clientIpOf(headersOf({ "x-forwarded-for": "1.1.1.1", "x-real-ip": "2.2.2.2", [PEER_HEADER]: "203.0.113.5" }), null, 0)).toBe("203.0.113.5");
    expect(clientIpOf(headersOf({ "x-forwarded-for": "1.1.1.1" }), "::ffff:198.51.100.4", 0)).toBe("198.51.100.4");
    expect(clientIpOf(headersOf({ "x-forwarded-for": "1.1.1.1" }), null, 0)).toBe("unknown");
    // a socket address given by the caller wins over the header
    expect(clientIpOf(headersOf({ [PEER_HEADER]: "203.0.113.5" }), "192.0.2.44", 0)).toBe("192.0.2.44");
  });

  it("N > 0: the N-th X-Forwarded-For entry from the right; fewer entries → the leftmost; none → the peer", () => {
    const xff = { "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2", [PEER_HEADER]: "10.0.0.3" };
    expect(clientIpOf(headersOf(xff), null, 1)).toBe("10.0.0.2");
    expect(clientIpOf(headersOf(xff), null, 2)).toBe("203.0.113.7");
    expect(clientIpOf(headersOf(xff), null, 3)).toBe("6.6.6.6");
    expect(clientIpOf(headersOf(xff), null, 5)).toBe("6.6.6.6");
    expect(clientIpOf(headersOf({ [PEER_HEADER]: "10.0.0.3" }), null, 1)).toBe("10.0.0.3");
  });

  it("REST (web adapter) and sign-in use the same rule", () => {
    const req = new Request("https://switchyard.test/api/v1/automations", { headers: { "x-forwarded-for": "6.6.6.6", [PEER_HEADER]: "203.0.113.8" } });
    expect(fromWebRequest(req).ip).toBe("203.0.113.8");
    expect(clientAddress(req.headers)).toBe("203.0.113.8");
    process.env.TRUST_PROXY = "1";
    resetEnvForTests();
    try {
      expect(fromWebRequest(req).ip).toBe("6.6.6.6");
      expect(clientAddress(req.headers)).toBe("6.6.6.6");
    } finally {
      delete process.env.TRUST_PROXY;
      resetEnvForTests();
    }
  });
});

describe("approval page per-IP limit", () => {
  let t: EngineTest;
  beforeAll(async () => {
    t = await setupEngineTest();
  });
  afterAll(async () => t.cleanup());

  async function get(handler: ReturnType<typeof callbackPageHandler>, token: string, headers: Record<string, string>) {
    const res = await handler(new Request(`https://switchyard.test/approve/${token}`, { headers }), { params: Promise.resolve({ token }) });
    return res.status;
  }

  it("default config: a rotated X-Forwarded-For does not bypass the per-IP 429", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "ann@example.com", approverRoles: [] }));
    const token = await tokenFor(t.db, runId, "ann@example.com");
    const handler = callbackPageHandler({ db: t.db, limiter: new CallbackRateLimiter({ perIp: 5, perToken: 1_000, windowMs: 60_000 }) });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push(await get(handler, token, { [PEER_HEADER]: "203.0.113.50", "x-forwarded-for": `10.1.${i}.${i + 1}`, "x-real-ip": `10.2.${i}.1` }));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    // another peer is not affected
    expect(await get(handler, token, { [PEER_HEADER]: "203.0.113.51", "x-forwarded-for": "10.1.0.1" })).toBe(200);
    // without any peer (no front): one shared bucket, still limited
    const bare = callbackPageHandler({ db: t.db, limiter: new CallbackRateLimiter({ perIp: 2, perToken: 1_000, windowMs: 60_000 }) });
    const anon: number[] = [];
    for (let i = 0; i < 4; i++) anon.push(await get(bare, token, { "x-forwarded-for": `10.3.${i}.1` }));
    expect(anon).toEqual([200, 200, 429, 429]);
  });

  it("the HTTP front stamps the TCP peer over any value a client sent (Next.js handlers read it)", async () => {
    const server = createIngressServer({
      db: t.db,
      fallback: (req, res) => {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ peer: req.headers[PEER_HEADER] ?? null }));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const res = await fetch(`http://127.0.0.1:${port}/approvals`, { headers: { [PEER_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.7" } });
      expect(await res.json()).toEqual({ peer: "127.0.0.1" });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("TRUST_PROXY=1: the address the proxy appended counts, whatever the client put before it", async () => {
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "ann@example.com", approverRoles: [] }));
    const token = await tokenFor(t.db, runId, "ann@example.com");
    process.env.TRUST_PROXY = "1";
    resetEnvForTests();
    try {
      const handler = callbackPageHandler({ db: t.db, limiter: new CallbackRateLimiter({ perIp: 3, perToken: 1_000, windowMs: 60_000 }) });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push(await get(handler, token, { [PEER_HEADER]: "10.0.0.3", "x-forwarded-for": `9.9.${i}.9, 198.51.100.60` }));
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      // a different client behind the same proxy has its own bucket
      expect(await get(handler, token, { [PEER_HEADER]: "10.0.0.3", "x-forwarded-for": "198.51.100.61" })).toBe(200);
    } finally {
      delete process.env.TRUST_PROXY;
      resetEnvForTests();
    }
  });
});
