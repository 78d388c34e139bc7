/**
 * Load generator for bench/webhook.ts (run as a separate process): keep-alive
 * HTTP POSTs from `concurrency` loops for `seconds`; prints one JSON line with
 * the count, statuses, latency percentiles and a sample answer.
 * Usage: node --import tsx bench/webhook-load.ts <url> <concurrency> <seconds>
 */
import http from "node:http";

const [url, concurrencyArg, secondsArg] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const seconds = Number(secondsArg);
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const body = JSON.stringify({ amount: 42, email: "ada@example.com" });

function once(): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      { agent, host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", () => resolve({ status: 0, text: "" }));
      },
    );
    req.on("error", () => resolve({ status: 0, text: "" }));
    req.end(body);
  });
}

async function main(): Promise<void> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let sample = "";
  const end = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const t0 = process.hrtime.bigint();
        const r = await once();
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        if (!sample && r.status >= 200 && r.status < 300) sample = r.text;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0;
  const ok = Object.entries(statuses).filter(([s]) => Number(s) >= 200 && Number(s) < 300).reduce((n, [, c]) => n + c, 0);
  process.stdout.write(JSON.stringify({ sent: latencies.length, ok, errors: latencies.length - ok, statuses, elapsed, p50: pct(50), p99: pct(99), sample }) + "\n");
  agent.destroy();
}

void main();
