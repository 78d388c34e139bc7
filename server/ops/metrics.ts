import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type MetricObjectWithValues, type MetricValue } from "prom-client";
import type { Db } from "@/server/db";
import { dueQueued, dueTimers, sql } from "@/server/engine/run-store-sql";

/**
 * Prometheus metrics (prom-client), served as text at /api/metrics
 * (server/ops/http.ts) and on the standalone worker's METRICS_PORT.
 *
 * Two registries per thread:
 * - `engine`: what the run engine records (runs started/finished, step
 *   durations, lease takeovers, crash loops) through the metered run store
 *   (server/ops/metrics-store.ts). The engine thread of `npm start` has its
 *   own module instances: it sends this registry's JSON (cumulative, so a lost
 *   message loses nothing) to the main thread about once a second
 *   (engine-thread.ts → engine-host.ts → ingestEngineMetrics), and a scrape
 *   sums every source with prom-client's AggregatorRegistry.
 * - `process`: HTTP request durations, webhook requests, the due-run backlog
 *   (one indexed query at scrape time) and prom-client's default process
 *   metrics (memory, CPU, event loop, GC) — only where requests are served.
 *
 * Kept on globalThis: Next.js may load this module more than once per process.
 */
export type MetricsSnapshot = MetricObjectWithValues<MetricValue<string>>[];

export const STEP_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
export const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Metrics {
  process: Registry;
  engine: Registry;
  runsStarted: Counter<"trigger">;
  runsFinished: Counter<"status" | "trigger">;
  stepDuration: Histogram<"node_type" | "status">;
  leaseTakeovers: Counter;
  crashLoops: Counter;
  webhookRequests: Counter<"status">;
  httpDuration: Histogram<"route" | "method" | "status_class">;
  runsDue: Gauge<"kind">;
  /** bumped by every engine record: the engine thread sends a snapshot only when it changed */
  engineVersion: number;
  /** other threads' engine snapshots (cumulative), by source */
  remote: Map<string, MetricsSnapshot>;
  /** last snapshots of engine threads that exited: their counts stay in the totals */
  retired: MetricsSnapshot[];
  defaults: boolean;
}

const KEY = Symbol.for("switchyard.ops.metrics");

function create(): Metrics {
  const engine = new Registry();
  const proc = new Registry();
  return {
    process: proc,
    engine,
    runsStarted: new Counter({
      name: "switchyard_runs_started_total",
      help: "Runs whose execution started (first committed step), by trigger type",
      labelNames: ["trigger"],
      registers: [engine],
    }),
    runsFinished: new Counter({
      name: "switchyard_runs_finished_total",
      help: "Runs that reached a final status, by status and trigger type",
      labelNames: ["status", "trigger"],
      registers: [engine],
    }),
    stepDuration: new Histogram({
      name: "switchyard_step_duration_seconds",
      help: "Duration of executed step attempts, by node type and outcome",
      labelNames: ["node_type", "status"],
      buckets: STEP_BUCKETS,
      registers: [engine],
    }),
    leaseTakeovers: new Counter({
      name: "switchyard_lease_takeovers_total",
      help: "Claims of a RUNNING run whose lease expired (its previous worker died or stalled)",
      registers: [engine],
    }),
    crashLoops: new Counter({
      name: "switchyard_crash_loop_failures_total",
      help: "Runs failed with CRASH_LOOP (too many takeovers without a committed step)",
      registers: [engine],
    }),
    webhookRequests: new Counter({
      name: "switchyard_webhook_requests_total",
      help: "Webhook (/api/hooks) requests answered, by HTTP status code",
      labelNames: ["status"],
      registers: [proc],
    }),
    httpDuration: new Histogram({
      name: "switchyard_http_request_duration_seconds",
      help: "HTTP request durations on the production server, by route group, method and status class",
      labelNames: ["route", "method", "status_class"],
      buckets: HTTP_BUCKETS,
      registers: [proc],
    }),
    runsDue: new Gauge({
      name: "switchyard_runs_due",
      help: "Runs due and not claimed yet, measured at scrape time (queued: waiting for a worker; timer: due timers and expired leases)",
      labelNames: ["kind"],
      registers: [proc],
    }),
    engineVersion: 0,
    remote: new Map(),
    retired: [],
    defaults: false,
  };
}

export function metrics(): Metrics {
  const g = globalThis as unknown as Record<symbol, Metrics | undefined>;
  return (g[KEY] ??= create());
}

// ------------------------------------------------------------------ engine records (hot path: a label lookup and an add)

export function recordRunStarted(trigger: string): void {
  const m = metrics();
  m.runsStarted.inc({ trigger });
  m.engineVersion++;
}

export function recordRunFinished(status: string, trigger: string): void {
  const m = metrics();
  m.runsFinished.inc({ status, trigger });
  m.engineVersion++;
}

export function recordStep(nodeType: string, status: string, durationMs: number): void {
  const m = metrics();
  m.stepDuration.observe({ node_type: nodeType, status }, durationMs / 1000);
  m.engineVersion++;
}

export function recordTakeover(): void {
  const m = metrics();
  m.leaseTakeovers.inc();
  m.engineVersion++;
}

export function recordCrashLoop(): void {
  const m = metrics();
  m.crashLoops.inc();
  m.engineVersion++;
}

// ------------------------------------------------------------------ HTTP records

export function recordWebhookRequest(status: number): void {
  metrics().webhookRequests.inc({ status: String(status) });
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Route groups: a handful of fixed labels (never a path: no cardinality blow-up, no tokens in labels). */
export function routeGroup(url: string): string {
  const q = url.indexOf("?");
  const p = q < 0 ? url : url.slice(0, q);
  if (p.startsWith("/api/hooks/")) return "webhooks";
  if (p === "/api/v1" || p.startsWith("/api/v1/")) return "rest_api";
  if (p.startsWith("/api/trpc")) return "trpc";
  if (p.startsWith("/api/auth")) return "auth";
  if (p.startsWith("/api/live")) return "live";
  if (p === "/api/health" || p === "/api/ready") return "probes";
  if (p === "/api/metrics") return "metrics";
  if (p.startsWith("/api/callbacks/") || p.startsWith("/callbacks/")) return "callbacks";
  if (p.startsWith("/api/")) return "api_other";
  if (p.startsWith("/_next/")) return "static";
  return "pages";
}

export function recordHttpRequest(url: string, method: string, status: number, seconds: number): void {
  const m = method.toUpperCase();
  metrics().httpDuration.observe(
    { route: routeGroup(url), method: METHODS.has(m) ? m : "OTHER", status_class: `${Math.floor(status / 100)}xx` },
    seconds,
  );
}

// ------------------------------------------------------------------ engine threads

/** This thread's engine metrics, when they changed since `sinceVersion` (the engine thread sends them to the main thread). */
export async function engineMetricsSnapshot(sinceVersion: number): Promise<{ version: number; snapshot: MetricsSnapshot } | null> {
  const m = metrics();
  if (m.engineVersion === sinceVersion) return null;
  const version = m.engineVersion;
  return { version, snapshot: (await m.engine.getMetricsAsJSON()) as MetricsSnapshot };
}

/** Main thread: the latest cumulative engine snapshot of another thread. */
export function ingestEngineMetrics(source: string, snapshot: MetricsSnapshot): void {
  metrics().remote.set(source, snapshot);
}

/** Main thread: a thread exited; its last snapshot stays in the totals (counters never go back). */
export function retireEngineMetrics(source: string): void {
  const m = metrics();
  const last = m.remote.get(source);
  m.remote.delete(source);
  if (last) m.retired.push(last);
}

// ------------------------------------------------------------------ scrape

export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;
const BACKLOG_TIMEOUT_MS = 2_000;

async function updateRunsDue(db: Db): Promise<void> {
  const now = new Date();
  const query = db.$queryRaw<Array<{ queued: unknown; timers: unknown }>>(
    sql`SELECT (SELECT COUNT(*) FROM "Run" WHERE ${dueQueued(now)}) AS "queued", (SELECT COUNT(*) FROM "Run" WHERE ${dueTimers(now)}) AS "timers"`,
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`backlog query took longer than ${BACKLOG_TIMEOUT_MS} ms`)), BACKLOG_TIMEOUT_MS);
  });
  try {
    const [row] = await Promise.race([query, timeout]);
    const m = metrics();
    m.runsDue.set({ kind: "queued" }, Number(row?.queued ?? 0));
    m.runsDue.set({ kind: "timer" }, Number(row?.timers ?? 0));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The Prometheus text of this process: process metrics (with the backlog
 * measured now when `db` is given) and the engine metrics of every thread,
 * summed. A failing backlog query leaves the gauge at its last value.
 */
export async function renderMetrics(o: { db?: Db; onError?: (err: unknown) => void } = {}): Promise<string> {
  const m = metrics();
  if (!m.defaults) {
    m.defaults = true;
    collectDefaultMetrics({ register: m.process });
  }
  if (o.db) await updateRunsDue(o.db).catch((err: unknown) => o.onError?.(err));
  // Engine threads that exited (restarts): folded into one snapshot so the list stays short.
  if (m.retired.length > 1) m.retired = [(await AggregatorRegistry.aggregate(m.retired).getMetricsAsJSON()) as MetricsSnapshot];
  const engine = AggregatorRegistry.aggregate([(await m.engine.getMetricsAsJSON()) as MetricsSnapshot, ...m.remote.values(), ...m.retired]);
  const [proc, eng] = await Promise.all([m.process.metrics(), engine.metrics()]);
  return `${proc.trimEnd()}\n${eng.trimEnd()}\n`;
}
