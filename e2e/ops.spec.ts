import { expect, test } from "@playwright/test";

/**
 * The production server exactly as `npm start` runs it (bundled scripts/serve.ts,
 * engine on its worker thread): probes and metrics answered on the node:http
 * front before Next.js. scripts/e2e-server.mjs sets METRICS_TOKEN.
 */
const TOKEN = process.env.METRICS_TOKEN || "e2e-metrics-token-0123456789";

test("health, readiness (engine thread reporting) and metrics on the production server", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok", version: expect.any(String), uptime_s: expect.any(Number) });

  // The engine thread reports once a second: ready shortly after start.
  await expect
    .poll(async () => (await request.get("/api/ready")).status(), { timeout: 15_000 })
    .toBe(200);
  const ready = (await (await request.get("/api/ready")).json()) as { status: string; checks: Array<{ name: string; status: string; detail: string }> };
  expect(ready.status).toBe("ready");
  expect(Object.fromEntries(ready.checks.map((c) => [c.name, c.status]))).toEqual({
    database: "ok",
    migrations: "ok",
    dispatcher: "ok",
    ticker: "ok",
    redis: "skipped",
  });

  expect((await request.get("/api/metrics")).status()).toBe(401);
  expect((await request.post("/api/hooks/not-a-real-token", { data: {} })).status()).toBe(404);
  const metrics = await request.get("/api/metrics", { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(metrics.status()).toBe(200);
  expect(metrics.headers()["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
  const text = await metrics.text();
  for (const name of ["switchyard_runs_started_total", "switchyard_step_duration_seconds", "switchyard_runs_due", "process_resident_memory_bytes"]) {
    expect(text).toContain(`# TYPE ${name} `);
  }
  expect(text).toMatch(/^switchyard_webhook_requests_total\{status="404"\} [1-9]/m);
  expect(text).toMatch(/^switchyard_http_request_duration_seconds_count\{route="probes",method="GET",status_class="2xx"\} [1-9]/m);
  expect(text).toMatch(/^switchyard_runs_due\{kind="queued"\} \d+$/m);
});
