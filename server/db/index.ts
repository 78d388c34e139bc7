import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { Pool } from "pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { env } from "../env";
import { serializeOutsideTransactions } from "./sqlite-serialize";

/**
 * One client type for the whole code base. The two generated clients have the
 * same models and row types; we expose the SQLite client's type and never use
 * provider-specific query features (see README, "Two databases").
 */
export type Db = SqliteClient;
/** Transaction client handed to `db.$transaction(async (tx) => …)`. */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
export type DbOrTx = Db | Tx;

export type DbProvider = "sqlite" | "postgresql";

export function providerOf(url: string): DbProvider {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

export function sqliteFilePath(url: string): string {
  return path.resolve(url.replace(/^file:/, ""));
}

/**
 * The better-sqlite3 connection behind each SQLite client, captured when Prisma
 * connects, so the run engine's hot path can use the SAME connection without
 * the ORM (see server/engine/run-store-sqlite.ts). One connection per client:
 * no lock conflicts between the engine and Prisma transactions in one process.
 */
const sqliteConnections = new WeakMap<object, { conn?: SqliteConnection }>();
const providers = new WeakMap<object, DbProvider>();
/** The pg pool behind each PostgreSQL client, captured when Prisma connects (see pgPoolOf). */
const pgPools = new WeakMap<object, { pool?: Pool }>();
export type SqliteConnection = import("better-sqlite3").Database;

/**
 * Prisma's adapter opens interactive transactions with a plain (deferred)
 * `BEGIN`. With a second connection writing to the same file (the engine thread
 * of `npm start`, a standalone worker, the CLI), a deferred transaction that
 * reads and then writes fails with SQLITE_BUSY_SNAPSHOT when the other
 * connection committed in between — no busy timeout can help. `BEGIN
 * IMMEDIATE` takes the write lock up front (waiting up to the busy timeout),
 * so such transactions serialize instead of failing.
 */
function beginImmediate(conn: SqliteConnection): void {
  const prepare = conn.prepare.bind(conn);
  conn.prepare = ((source: string) => prepare(source === "BEGIN" ? "BEGIN IMMEDIATE" : source)) as typeof conn.prepare;
}

class CapturingSqliteFactory extends PrismaBetterSqlite3 {
  constructor(
    config: ConstructorParameters<typeof PrismaBetterSqlite3>[0],
    private readonly holder: { conn?: SqliteConnection },
  ) {
    super(config);
  }
  override async connect() {
    const adapter = await super.connect();
    const conn = (adapter as unknown as { client?: SqliteConnection }).client;
    this.holder.conn = conn;
    if (conn) beginImmediate(conn);
    return serializeOutsideTransactions(adapter);
  }
}

class CapturingPgFactory extends PrismaPg {
  constructor(
    config: ConstructorParameters<typeof PrismaPg>[0],
    private readonly holder: { pool?: Pool },
  ) {
    super(config);
  }
  override async connect() {
    const adapter = await super.connect();
    this.holder.pool = adapter.underlyingDriver();
    return adapter;
  }
}

/** Provider of a client made by createDb. */
export function providerOfDb(db: Db): DbProvider | undefined {
  return providers.get(db);
}

/** The better-sqlite3 connection of a SQLite client (connects first if needed); undefined for PostgreSQL. */
export async function sqliteConnectionOf(db: Db): Promise<SqliteConnection | undefined> {
  const holder = sqliteConnections.get(db);
  if (!holder) return undefined;
  if (!holder.conn) await db.$queryRawUnsafe("SELECT 1");
  return holder.conn;
}

/** Creates a client for a database URL. SQLite runs in WAL mode with a busy timeout. */
export function createDb(url: string): Db {
  if (providerOf(url) === "sqlite") {
    const file = sqliteFilePath(url);
    mkdirSync(path.dirname(file), { recursive: true });
    const holder: { conn?: SqliteConnection } = {};
    const adapter = new CapturingSqliteFactory({ url: file, timeout: 10_000 }, holder);
    const client = new SqliteClient({ adapter });
    sqliteConnections.set(client, holder);
    providers.set(client, "sqlite");
    return client;
  }
  const holder: { pool?: Pool } = {};
  const adapter = new CapturingPgFactory({ connectionString: url, max: 10 }, holder);
  const client = new PostgresClient({ adapter }) as unknown as Db;
  providers.set(client, "postgresql");
  pgPools.set(client, holder);
  return client;
}

/**
 * The pg pool behind a PostgreSQL client (connects first if needed), so the run
 * engine's hot path can send its statements on the same connections without the
 * ORM (server/engine/run-store-pg.ts); undefined for SQLite. After $disconnect
 * Prisma connects again with a new pool on its next query: so does this.
 */
export async function pgPoolOf(db: Db): Promise<Pool | undefined> {
  const holder = pgPools.get(db);
  if (!holder) return undefined;
  if (!holder.pool || holder.pool.ended) await db.$queryRawUnsafe("SELECT 1");
  return holder.pool;
}

/** Applies per-connection settings. SQLite: WAL + synchronous=NORMAL (durable across process crashes). */
export async function prepareDb(client: Db, url: string): Promise<void> {
  if (providerOf(url) === "sqlite") {
    await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
    await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  }
}

const globalForDb = globalThis as unknown as { __switchyardDb?: Db; __switchyardDbReady?: Promise<void> };

/** The process-wide client for `env().DATABASE_URL`. */
export function getDb(): Db {
  if (!globalForDb.__switchyardDb) {
    const url = env().DATABASE_URL;
    const client = createDb(url);
    globalForDb.__switchyardDb = client;
    globalForDb.__switchyardDbReady = prepareDb(client, url);
  }
  return globalForDb.__switchyardDb;
}

/** Resolves once the process-wide client has applied its connection settings. */
export async function dbReady(): Promise<Db> {
  const client = getDb();
  await globalForDb.__switchyardDbReady;
  return client;
}
