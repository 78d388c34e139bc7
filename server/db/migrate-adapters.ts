import { randomUUID } from "node:crypto";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import pg from "pg";

/**
 * Driver adapter factories for the schema engine (migrations only; the app uses
 * server/db/index.ts). They work around three adapter bugs that show up when the
 * engine replays migrations on a shadow database (../shared/notes/environment.md).
 */

/** Same adapter with some methods replaced (adapters are class instances: keep `this`). */
function delegate(adapter: SqlDriverAdapter, overrides: Partial<Pick<SqlDriverAdapter, "executeRaw" | "dispose">>): SqlDriverAdapter {
  const wrapped: SqlDriverAdapter = {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (q) => adapter.queryRaw(q),
    executeRaw: overrides.executeRaw ?? ((q) => adapter.executeRaw(q)),
    executeScript: (s) => adapter.executeScript(s),
    startTransaction: (level) => adapter.startTransaction(level),
    dispose: overrides.dispose ?? (() => adapter.dispose()),
  };
  if (adapter.getConnectionInfo) wrapped.getConnectionInfo = () => adapter.getConnectionInfo!();
  return wrapped;
}

/**
 * Records every adapter the engine opens so they can all be closed after the
 * engine is freed (the engine does not always dispose them itself, which left
 * SQLite connections open). Dispose is idempotent.
 */
export function trackAdapters(factory: SqlMigrationAwareDriverAdapterFactory): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  disposeAll: () => Promise<void>;
} {
  const open = new Set<SqlDriverAdapter>();
  const track = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    let disposed: Promise<void> | undefined;
    const wrapped = delegate(adapter, {
      dispose: () => {
        open.delete(wrapped);
        disposed ??= adapter.dispose();
        return disposed;
      },
    });
    open.add(wrapped);
    return wrapped;
  };
  return {
    factory: {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async () => track(await factory.connect()),
      connectToShadowDb: async () => track(await factory.connectToShadowDb()),
    },
    disposeAll: async () => {
      const results = await Promise.allSettled([...open].map((a) => a.dispose()));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failed) throw failed.reason;
    },
  };
}

// ---------------------------------------------------------------- SQLite

/**
 * @param file SQLite file path, or ":memory:".
 * Bug 1: on the shadow database the engine sends whole multi-statement scripts
 * through `executeRaw`, which better-sqlite3 rejects; route parameterless
 * `executeRaw` calls to `executeScript`.
 */
export function sqliteMigrationFactory(file: string): SqlMigrationAwareDriverAdapterFactory {
  const base = new PrismaBetterSqlite3({ url: file, timeout: 10_000 });
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () => base.connect(),
    connectToShadowDb: async () => {
      const shadow = await base.connectToShadowDb();
      return delegate(shadow, {
        executeRaw: async (q: SqlQuery) => {
          if (q.args.length > 0) return shadow.executeRaw(q);
          await shadow.executeScript(q.sql);
          return 0;
        },
      });
    },
  };
}

// ---------------------------------------------------------------- PostgreSQL

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

interface FieldLike {
  dataTypeID: number;
}

function charFieldsAsText(res: unknown): unknown {
  for (const r of Array.isArray(res) ? res : [res]) {
    const fields = (r as { fields?: FieldLike[] } | undefined)?.fields;
    if (!fields) continue;
    for (const f of fields) if (f.dataTypeID === PG_CHAR_OID) f.dataTypeID = PG_TEXT_OID;
  }
  return res;
}

const patched = new WeakSet<object>();

/**
 * Bug 3: adapter-pg cannot deserialize pg_catalog's `"char"` type (OID 18) that
 * the schema describer reads: report those columns as text on every connection.
 */
function patchClient(client: pg.PoolClient): void {
  if (patched.has(client)) return;
  patched.add(client);
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  const replacement = (...args: unknown[]): unknown => {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      const cb = last as (err: unknown, res: unknown) => void;
      args[args.length - 1] = (err: unknown, res: unknown) => cb(err, err ? res : charFieldsAsText(res));
      return original(...args);
    }
    const out = original(...args);
    if (out && typeof (out as Promise<unknown>).then === "function") return (out as Promise<unknown>).then(charFieldsAsText);
    return out;
  };
  (client as unknown as { query: typeof replacement }).query = replacement;
}

function charSafePool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 4 });
  pool.on("connect", patchClient);
  pool.on("error", () => undefined); // idle client errors surface on the next query
  return pool;
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = "/" + encodeURIComponent(database);
  return u.toString();
}

export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

async function connectPg(connectionString: string): Promise<SqlDriverAdapter> {
  return new PrismaPg(charSafePool(connectionString), { disposeExternalPool: true }).connect();
}

/** Runs one statement on a short-lived connection (CREATE/DROP DATABASE). */
export async function pgAdmin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * @param url the database to migrate (or, for diffs, a database on the server
 * where the temporary shadow database is created).
 * Bug 2: `PrismaPg.connectToShadowDb()` drops the shadow database before closing
 * its pool, so the drop fails: close the pool first, then drop WITH (FORCE).
 */
export function postgresMigrationFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connectPg(url),
    connectToShadowDb: async () => {
      const name = `switchyard_shadow_${randomUUID().replace(/-/g, "")}`;
      await pgAdmin(url, `CREATE DATABASE ${quoteIdent(name)}`);
      let shadow: SqlDriverAdapter;
      try {
        shadow = await connectPg(withDatabase(url, name));
      } catch (err) {
        await pgAdmin(url, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
        throw err;
      }
      return delegate(shadow, {
        dispose: async () => {
          try {
            await shadow.dispose();
          } finally {
            await pgAdmin(url, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
          }
        },
      });
    },
  };
}
