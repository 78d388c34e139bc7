import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * Environment variables, validated once. Nothing else in the code base reads
 * `process.env` (Next.js itself still reads NODE_ENV).
 */
const boolish = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .refine((v) => v.startsWith("file:") || v.startsWith("postgres://") || v.startsWith("postgresql://"), {
      message: "DATABASE_URL must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL)",
    })
    .optional(),
  /** PostgreSQL server where `npm run db:migration` creates (and drops) a temporary shadow database. */
  SHADOW_DATABASE_URL: z
    .string()
    .refine((v) => v.startsWith("postgres://") || v.startsWith("postgresql://"), {
      message: "SHADOW_DATABASE_URL must start with postgres:// or postgresql://",
    })
    .default("postgres://postgres@127.0.0.1:5432/postgres"),
  /** Tests: when it starts with postgres, each test database is created (and dropped) on that server; otherwise SQLite files. */
  TEST_DATABASE_URL: z.string().optional(),
  /** Crash tests: shell command that starts the server under test (default: the standalone engine worker via tsx), e.g. "npx next start -p 3999". */
  CRASH_SERVER_CMD: z.string().optional(),
  APP_SECRET: z.string().min(32, "APP_SECRET must be at least 32 characters").optional(),
  /** 32-byte key (base64 or 64 hex chars) that encrypts secrets at rest (webhook secrets, connections). Unset: generated into DATA_DIR/encryption-key. */
  ENCRYPTION_KEY: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /**
   * Reverse proxies in front of the server that append to X-Forwarded-For (nginx, a load balancer…): the client
   * address is the TRUST_PROXY-th entry from the right. 0 (default): X-Forwarded-For is ignored, the TCP peer counts.
   */
  TRUST_PROXY: z.coerce
    .number({ error: "TRUST_PROXY must be a whole number of proxy hops (0 = no proxy)" })
    .int("TRUST_PROXY must be a whole number of proxy hops (0 = no proxy)")
    .min(0, "TRUST_PROXY must be 0 (no proxy) or more")
    .max(10, "TRUST_PROXY: at most 10 proxy hops")
    .default(0),
  /** REST API v1 requests per minute per API key (token bucket per process; 429 + Retry-After beyond). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(1200),
  /** POST /api/v1/automations/:id/trigger waits this long for the run to finish before answering it as running (0 = answer at once). */
  API_TRIGGER_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  APP_URL: z.url("APP_URL must be an absolute URL such as https://switchyard.example.com").optional(),
  /** SMTP transport for send_email steps, e.g. smtp://user:pass@mail.example.com:587. Unset: emails go to the outbox table. */
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().default("Switchyard <no-reply@switchyard.local>"),
  /** Comma-separated hosts, IPs or CIDRs that outbound HTTP steps may reach despite the SSRF guard (e.g. 127.0.0.1,10.0.0.0/8). */
  HTTP_ALLOWLIST: z.string().default(""),
  /** Run the embedded (in-process, DB-backed) dispatcher and ticker in this process. */
  ENGINE_EMBEDDED: boolish.default(true),
  /** Webhook backpressure: runs accepted by this process's webhooks and not yet executed, above which new requests wait (0 = off). */
  INGRESS_MAX_BACKLOG: z.coerce.number().int().min(0).default(2000),
  /** How long a webhook request waits for the backlog to drop before it is refused with 503 + Retry-After. */
  INGRESS_MAX_WAIT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** `npm start`: run the embedded engine on a worker thread (second core) instead of the HTTP thread. */
  ENGINE_THREAD: boolish.default(true),
  /** How many runs one process executes at the same time. */
  ENGINE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** Lease length for a claimed run; renewed by a heartbeat while a step runs. */
  ENGINE_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  /** Ticker period for due timers and expired leases. */
  ENGINE_TICK_MS: z.coerce.number().int().min(20).max(60_000).default(250),
  /**
   * Graceful shutdown (SIGTERM/SIGINT): how long steps in flight may take to finish before their runs are
   * handed back (lease released, QUEUED) for another worker or the restarted process.
   */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** consecutive lease takeovers without a committed step after which a run fails with CRASH_LOOP */
  ENGINE_MAX_CLAIMS: z.coerce.number().int().min(2).max(1000).default(10),
  /** Step outputs larger than this (bytes of JSON) are truncated and flagged. */
  STEP_OUTPUT_LIMIT_BYTES: z.coerce.number().int().min(1024).default(256 * 1024),
  CODE_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(2_000),
  CODE_MEMORY_MB: z.coerce.number().int().min(8).max(1024).default(64),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** Log lines on stderr: json (one JSON object per line, for collectors) or pretty (human-readable, for development). */
  LOG_FORMAT: z.enum(["json", "pretty"], { error: () => 'LOG_FORMAT must be "json" or "pretty"' }).default("json"),
  /** Where runs wait for a worker: embedded (the database only, default) or bullmq (Redis wake-up jobs; the database stays the source of truth). */
  QUEUE_MODE: z.enum(["embedded", "bullmq"]).default("embedded"),
  /** Redis for QUEUE_MODE=bullmq, e.g. redis://:password@redis.internal:6379/0 (rediss:// for TLS). /api/ready PINGs it in queue mode. */
  REDIS_URL: z
    .string()
    .refine((v) => v.startsWith("redis://") || v.startsWith("rediss://"), { message: "REDIS_URL must start with redis:// or rediss://" })
    .default("redis://127.0.0.1:6379"),
  /** QUEUE_MODE=bullmq: key prefix of the BullMQ queue in Redis (several deployments can share one Redis). */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, { message: "QUEUE_PREFIX may contain letters, digits, _ . - (at most 64)" })
    .default("switchyard"),
  /** QUEUE_MODE=bullmq: period of each worker's database sweep (the safety net for lost wake-up jobs and expired leases). */
  QUEUE_SWEEP_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  /** Bearer token for GET /api/metrics (Prometheus text). Unset: the endpoint answers 404. */
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  /** `npm run worker`: serve /metrics (same token), /health and /ready on this port (unset: no listener). */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

export type Env = z.infer<typeof envSchema> & {
  DATABASE_URL: string;
  APP_SECRET: string;
  APP_URL: string;
  DATA_DIR: string;
};

function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "app-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

function load(): Env {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = process.env[key];
    if (v !== undefined && v !== "") raw[key] = v;
  }
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `file:${path.join(dataDir, "switchyard.db")}`;
  return {
    ...e,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    APP_SECRET: e.APP_SECRET ?? loadOrCreateSecret(dataDir),
    APP_URL: e.APP_URL ?? `http://localhost:${e.PORT}`,
  };
}

let cached: Env | undefined;

/** The validated environment (loaded on first use). */
export function env(): Env {
  cached ??= load();
  return cached;
}

/** Tests only: forget the cached environment so changed variables are re-read. */
export function resetEnvForTests(): void {
  cached = undefined;
}
