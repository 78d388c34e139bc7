/**
 * The receiver of `npm run bench:deliveries` (bench/deliveries.ts), a separate
 * process on 127.0.0.1: verifies every delivery's Standard Webhooks signature
 * with the `standardwebhooks` package (one secret per subscription, path
 * /s/<index>), answers 200 (401 on a bad signature), and records per
 * (subscription, webhook-id) how often it arrived and, on the first receipt,
 * the time from the event's `timestamp` (its occurredAt) to the receipt.
 * Controlled over the IPC channel: {port} when listening; "stats" → {unique,
 * requests}; "report" → the full record (with the CPU time used since the start or
 * the last reset); "reset" clears it.
 */
import http from "node:http";
import { Webhook } from "standardwebhooks";

const secrets = JSON.parse(process.env.BENCH_SECRETS ?? "[]") as string[];
const hooks = secrets.map((s) => new Webhook(s));
let seen = new Map<string, number>();
let latencies: number[] = [];
let requests = 0;
let badSignature = 0;
let firstAt = 0;
let lastAt = 0;
let cpu = process.cpuUsage();

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const now = Date.now();
    requests++;
    const index = Number(/^\/s\/(\d+)$/.exec(req.url ?? "")?.[1] ?? -1);
    const body = Buffer.concat(chunks).toString("utf8");
    let payload: { timestamp?: string };
    try {
      payload = hooks[index]!.verify(body, req.headers as Record<string, string>) as { timestamp?: string };
    } catch {
      badSignature++;
      res.writeHead(401).end("bad signature");
      return;
    }
    const key = `${index}:${String(req.headers["webhook-id"])}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    if (n === 0) {
      latencies.push(now - Date.parse(payload.timestamp ?? ""));
      if (!firstAt) firstAt = now;
      lastAt = now;
    }
    res.writeHead(200, { "content-type": "text/plain" }).end("ok");
  });
});
server.keepAliveTimeout = 30_000;

process.on("message", (m: unknown) => {
  if (m === "stats") process.send?.({ unique: seen.size, requests });
  else if (m === "reset") {
    seen = new Map();
    latencies = [];
    requests = 0;
    badSignature = 0;
    firstAt = 0;
    lastAt = 0;
    cpu = process.cpuUsage();
    process.send?.({ reset: true });
  } else if (m === "report") {
    const counts: Record<string, number> = {};
    for (const [k, n] of seen) counts[k] = n;
    const used = process.cpuUsage(cpu);
    process.send?.({ counts, latencies, requests, badSignature, firstAt, lastAt, cpuMs: (used.user + used.system) / 1000 });
  }
});
process.on("disconnect", () => process.exit(0));

server.listen(0, "127.0.0.1", () => {
  const a = server.address();
  process.send?.({ port: typeof a === "object" && a ? a.port : 0 });
});
