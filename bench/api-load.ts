/**
 * Load generator for bench/api.ts (run as a separate process): keep-alive
 * HTTP requests from `concurrency` loops for `seconds`; prints one JSON line
 * with the count, statuses, latency percentiles and a sample answer.
 * Usage: node --import tsx bench/api-load.ts '<json spec>'
 * spec: { url, method, headers, body?, bodyCounter?, concurrency, seconds }
 * (bodyCounter: "{{n}}" in the body becomes a per-request counter, e.g. for idempotency keys).
 */
import http from "node:http";

interface Spec {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  concurrency: number;
  seconds: number;
}

const spec = JSON.parse(process.argv[2]) as Spec;
const target = new URL(spec.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
let counter = 0;

function once(): Promise<{ status: number; text: string }> {
  const body = spec.body?.replace(/\{\{n\}\}/g, () => String(++counter));
  const headers = { ...spec.headers, ...(body !== undefined ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } : {}) };
  return new Promise((resolve) => {
    const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method: spec.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", () => resolve({ status: 0, text: "" }));
    });
    req.on("error", () => resolve({ status: 0, text: "" }));
    req.end(body);
  });
}

async function main(): Promise<void> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let sample = "";
  // Warm-up (not counted): JIT, caches, the connection.
  for (let i = 0; i < 50; i++) await once();
  const end = Date.now() + spec.seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: spec.concurrency }, async () => {
      while (Date.now() < end) {
        const t0 = process.hrtime.bigint();
        const r = await once();
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        if (!sample) sample = r.text.slice(0, 300);
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0;
  const ok = Object.entries(statuses).filter(([s]) => Number(s) >= 200 && Number(s) < 300).reduce((n, [, c]) => n + c, 0);
  process.stdout.write(JSON.stringify({ sent: latencies.length, ok, errors: latencies.length - ok, statuses, elapsed, p50: pct(50), p95: pct(95), p99: pct(99), sample }) + "\n");
  agent.destroy();
}

void main();
