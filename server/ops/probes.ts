import { existsSync } from "node:fs";
import pkg from "@/package.json";
import { dbReady, providerOf, sqliteFilePath, type Db, type DbProvider } from "@/server/db";
import { migrationNames, migrationsDirFor } from "@/server/db/migration-files";
import { env } from "@/server/env";
import { engineStatus } from "@/server/runtime/process";
import { isDraining } from "@/server/runtime/shutdown";
import type { EngineStatus } from "./engine-status";
import { redisPing } from "./redis-ping";

/**
 * Liveness and readiness (served by server/ops/http.ts at /api/health and
 * /api/ready, on the production front and as Next.js routes).
 *
 * health: the process answers; no database, nothing that can hang.
 * readiness: every check a load balancer needs before sending traffic:
 *   database   SELECT 1 within a short timeout (SQLite: the file must exist)
 *   migrations the applied migrations (_prisma_migrations) against the
 *              committed ones for this provider: pending or failed → fail;
 *              newer ones in the database (expand phase of a rolling
 *              upgrade) are reported, not failed
 *   dispatcher this process's engine claims runs (skipped with ENGINE_EMBEDDED=false)
 *   ticker     the schedule ticker polls (same)
 *   redis      PING, only with QUEUE_MODE=bullmq; failing alone makes the process
 *              "degraded" (200), not unready: runs are still accepted (committed
 *              QUEUED in the database) and the workers' database sweep executes them
 *   shutdown   only while the process drains after SIGTERM/SIGINT: fails alone (503)
 * Details never carry credentials. Concurrent calls share one evaluation.
 */
export type CheckStatus = "ok" | "fail" | "skipped";

export interface Check {
  name: "database" | "migrations" | "dispatcher" | "ticker" | "redis" | "shutdown";
  status: CheckStatus;
  detail: string;
  duration_ms: number;
}

export interface Readiness {
  /** degraded: only Redis fails (QUEUE_MODE=bullmq): still serving, wake-ups wait for the database sweep */
  status: "ready" | "degraded" | "not_ready";
  checks: Check[];
}

export interface Health {
  status: "ok";
  uptime_s: number;
  version: string;
}

export interface ProbeDeps {
  databaseUrl: string;
  /** the client to check (default: the process-wide one) */
  db: () => Promise<Db>;
  /** whether this process is meant to run the engine (ENGINE_EMBEDDED) */
  engineExpected: boolean;
  /** null: no engine started in this process */
  engine: () => EngineStatus | null;
  queueMode: "embedded" | "bullmq";
  redisUrl: string;
  /** per-check timeout (default 2 s) */
  timeoutMs?: number;
  /** the process is shutting down (server/runtime/shutdown.ts): not ready, whatever else holds */
  draining?: () => boolean;
}

export function defaultProbeDeps(): ProbeDeps {
  const e = env();
  return {
    databaseUrl: e.DATABASE_URL,
    db: dbReady,
    engineExpected: e.ENGINE_EMBEDDED,
    engine: engineStatus,
    queueMode: e.QUEUE_MODE,
    redisUrl: e.REDIS_URL,
    draining: isDraining,
  };
}

export function health(): Health {
  return { status: "ok", uptime_s: Math.round(process.uptime() * 10) / 10, version: pkg.version };
}

const inFlight = new WeakMap<ProbeDeps, Promise<Readiness>>();

export function readiness(deps: ProbeDeps = defaultProbeDeps()): Promise<Readiness> {
  let p = inFlight.get(deps);
  if (!p) {
    p = evaluate(deps).finally(() => inFlight.delete(deps));
    inFlight.set(deps, p);
  }
  return p;
}

async function evaluate(deps: ProbeDeps): Promise<Readiness> {
  // Draining (SIGTERM): the load balancer must stop sending work now; nothing else is worth checking.
  if (deps.draining?.()) {
    return { status: "not_ready", checks: [{ name: "shutdown", status: "fail", detail: "shutting down: draining the runs in flight", duration_ms: 0 }] };
  }
  const timeoutMs = deps.timeoutMs ?? 2_000;
  const scrub = scrubber(deps);
  const dbChecks = (async () => {
    let db: Db | null = null;
    const database = await timed("database", async () => {
      if (providerOf(deps.databaseUrl) === "sqlite" && !existsSync(sqliteFilePath(deps.databaseUrl))) {
        return fail("the SQLite database file does not exist");
      }
      const client = await withTimeout(deps.db(), timeoutMs, "connecting");
      await withTimeout(client.$queryRawUnsafe("SELECT 1"), timeoutMs, "SELECT 1");
      db = client;
      return ok(`${providerOf(deps.databaseUrl) === "sqlite" ? "SQLite" : "PostgreSQL"} answered`);
    }, scrub);
    const migrations: Check = db
      ? await timed("migrations", () => checkMigrations(db as Db, providerOf(deps.databaseUrl), timeoutMs), scrub)
      : { name: "migrations", status: "skipped", detail: "the database is unreachable", duration_ms: 0 };
    return [database, migrations];
  })();
  const engine = deps.engineExpected ? deps.engine() : null;
  const engineCheck = (name: "dispatcher" | "ticker"): Check => {
    if (!deps.engineExpected) return { name, status: "skipped", detail: "ENGINE_EMBEDDED=false: runs execute in worker processes", duration_ms: 0 };
    if (!engine) return { name, status: "fail", detail: "the engine has not started in this process", duration_ms: 0 };
    const part = engine[name];
    return { name, status: part.running ? "ok" : "fail", detail: part.detail, duration_ms: 0 };
  };
  const redis: Promise<Check> =
    deps.queueMode === "bullmq"
      ? timed("redis", async () => ok(`PONG in ${Math.round(await redisPing(deps.redisUrl, timeoutMs))} ms`), scrub)
      : Promise.resolve({ name: "redis", status: "skipped", detail: "QUEUE_MODE=embedded: no Redis needed", duration_ms: 0 });
  const [[database, migrations], redisCheck] = await Promise.all([dbChecks, redis]);
  const checks: Check[] = [database, migrations, engineCheck("dispatcher"), engineCheck("ticker"), redisCheck];
  const failed = checks.filter((c) => c.status === "fail");
  const status = failed.length === 0 ? "ready" : failed.every((c) => c.name === "redis") ? "degraded" : "not_ready";
  return { status, checks };
}

// ------------------------------------------------------------------ migrations

const committed = new Map<DbProvider, string[]>();

/** The committed migrations of a provider (read once: they do not change while the process runs). */
function committedMigrations(provider: DbProvider): string[] {
  let names = committed.get(provider);
  if (!names) {
    names = migrationNames(migrationsDirFor(provider));
    committed.set(provider, names);
  }
  return names;
}

interface MigrationRow {
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

export async function checkMigrations(db: Db, provider: DbProvider, timeoutMs: number): Promise<Omit<Check, "name" | "duration_ms">> {
  const expected = committedMigrations(provider);
  let rows: MigrationRow[];
  try {
    rows = await withTimeout(
      db.$queryRawUnsafe<MigrationRow[]>(`SELECT "migration_name", "finished_at", "rolled_back_at" FROM "_prisma_migrations"`),
      timeoutMs,
      "reading _prisma_migrations",
    );
  } catch (err) {
    if (/_prisma_migrations/.test(errorText(err)) && !/took longer/.test(errorText(err))) return fail("no migrations applied: run `npm run db:migrate`");
    throw err;
  }
  const live = rows.filter((r) => r.rolled_back_at === null || r.rolled_back_at === undefined);
  const unfinished = live.filter((r) => r.finished_at === null || r.finished_at === undefined).map((r) => r.migration_name);
  if (unfinished.length) return fail(`migration ${unfinished.join(", ")} failed or is still running`);
  const applied = new Set(live.map((r) => r.migration_name));
  const pending = expected.filter((n) => !applied.has(n));
  if (pending.length) return fail(`${pending.length} pending migration(s): ${pending.join(", ")} — run \`npm run db:migrate\``);
  const known = new Set(expected);
  const newer = [...applied].filter((n) => !known.has(n));
  if (newer.length) return ok(`${expected.length} applied; the database also has ${newer.length} newer migration(s) (${newer.join(", ")})`);
  return ok(`${expected.length} applied, none pending`);
}

// ------------------------------------------------------------------ helpers

function ok(detail: string): Omit<Check, "name" | "duration_ms"> {
  return { status: "ok", detail };
}
function fail(detail: string): Omit<Check, "name" | "duration_ms"> {
  return { status: "fail", detail };
}

async function timed(name: Check["name"], fn: () => Promise<Omit<Check, "name" | "duration_ms">>, scrub: (s: string) => string): Promise<Check> {
  const t0 = performance.now();
  let r: Omit<Check, "name" | "duration_ms">;
  try {
    r = await fn();
  } catch (err) {
    r = fail(errorText(err));
  }
  return { name, status: r.status, detail: scrub(r.detail), duration_ms: Math.round((performance.now() - t0) * 10) / 10 };
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  // The loser must not surface as an unhandled rejection.
  p.catch(() => undefined);
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // Prisma prefixes multi-line context; the last non-empty line is the cause.
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  return (lines[lines.length - 1] ?? "error").slice(0, 300);
}

/** Removes the URLs and their passwords from a detail (an unauthenticated endpoint). */
function scrubber(deps: ProbeDeps): (s: string) => string {
  const secrets: string[] = [];
  for (const url of [deps.databaseUrl, deps.redisUrl]) {
    secrets.push(url);
    try {
      const u = new URL(url);
      if (u.password) secrets.push(u.password, decodeURIComponent(u.password));
    } catch {
      // not a URL (SQLite file:): the path is not a secret
    }
  }
  const list = secrets.filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  return (s) => list.reduce((acc, secret) => acc.split(secret).join("***"), s);
}
