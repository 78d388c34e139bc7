import type { Database, Statement } from "better-sqlite3";
import { providerOfDb, sqliteConnectionOf, type Db } from "@/server/db";
import { withWriteLock } from "@/server/db/write-lock";
import type { RunStatus } from "@/lib/statuses";
import { INSERT_EVENT_SQL, TRIGGER_DATA_KEY, eventParams, splitTriggerData, sqliteIso, sqliteValue } from "./run-store-sql";
import { stepRowId } from "./step-id";

/**
 * Run creation on SQLite without the ORM (the webhook ingress's hot path):
 * synchronous IMMEDIATE transactions on Prisma's own connection inserting
 * the Run row (its trigger data moved to RunData when large, as the Prisma
 * path does) and its "created" history entry. An interactive Prisma
 * transaction shares that connection, so while one is open this returns null
 * and the caller takes the Prisma path (which queues behind it). A duplicate
 * idempotency key throws an error with code "P2002", like Prisma.
 * Values are written as Prisma's adapter writes them (DateTime as ISO text
 * with "+00:00", booleans 0/1).
 */
type NewRunData = Record<string, unknown>;
type Created = { id: string; status: RunStatus };
export type SqliteRunCreator = (data: NewRunData, actor: string, reason: string) => Promise<Created | null>;

const DATA = `INSERT INTO "RunData" ("runId", "key", "value", "createdAt") VALUES (?, ?, ?, ?)`;

function uniqueViolation(err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && code.startsWith("SQLITE_CONSTRAINT_UNIQUE")) {
    return Object.assign(new Error("Unique constraint failed on the idempotency key"), { code: "P2002" });
  }
  return err;
}

/**
 * Runs created in the same turn of the event loop (webhook requests arriving
 * together) are inserted in ONE write transaction, each in a savepoint of its
 * own (a duplicate idempotency key fails only that one): a transaction costs
 * ~0.1 ms here however little it writes. Every caller is answered after the
 * commit, so an id handed out is always durable.
 */
function build(conn: Database): SqliteRunCreator {
  const inserts = new Map<string, Statement>();
  const event = conn.prepare(INSERT_EVENT_SQL);
  const data = conn.prepare(DATA);

  const insertOne = (input: NewRunData, actor: string, reason: string): Created => {
    const now = new Date();
    const at = sqliteIso(now);
    const id = stepRowId(now.getTime());
    const { inline, stored } = splitTriggerData(typeof input.triggerData === "string" ? input.triggerData : "{}");
    const row: NewRunData = { ...input, triggerData: inline, id, status: "QUEUED", createdAt: now, updatedAt: now };
    const columns = Object.keys(row).filter((k) => row[k] !== undefined);
    const signature = columns.join(",");
    let insert = inserts.get(signature);
    if (!insert) {
      insert = conn.prepare(`INSERT INTO "Run" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
      inserts.set(signature, insert);
    }
    insert.run(...columns.map((c) => sqliteValue(row[c])));
    if (stored !== null) data.run(id, TRIGGER_DATA_KEY, stored, at);
    event.run(...eventParams(id, { from: null, to: "QUEUED", actor, reason }, now).map(sqliteValue));
    return { id, status: "QUEUED" };
  };

  type Call = { args: [NewRunData, string, string]; resolve: (r: Created | null) => void; reject: (e: unknown) => void };
  // Inside the group's transaction better-sqlite3 runs this as a savepoint.
  const one = conn.transaction(insertOne);
  const all = conn.transaction((calls: Call[]) =>
    calls.map((c): { ok: true; value: Created } | { ok: false; error: unknown } => {
      try {
        return { ok: true, value: one(...c.args) };
      } catch (error) {
        return { ok: false, error: uniqueViolation(error) };
      }
    }),
  );
  let queue: Call[] = [];
  const flush = () => {
    const calls = queue;
    queue = [];
    // An interactive Prisma transaction is open on this connection: the callers take the Prisma path (it queues behind it).
    if (conn.inTransaction) {
      for (const c of calls) c.resolve(null);
      return;
    }
    try {
      const outcomes = withWriteLock(() => all.immediate(calls));
      outcomes.forEach((o, i) => (o.ok ? calls[i]!.resolve(o.value) : calls[i]!.reject(o.error)));
    } catch (err) {
      for (const c of calls) c.reject(err);
    }
  };
  return (input, actor, reason) =>
    new Promise((resolve, reject) => {
      queue.push({ args: [input, actor, reason], resolve, reject });
      if (queue.length === 1) setImmediate(flush);
    });
}

const creators = new WeakMap<object, Promise<SqliteRunCreator | null>>();

/** The direct creator of a SQLite client (null for PostgreSQL). */
export function sqliteRunCreator(db: Db): Promise<SqliteRunCreator | null> {
  let c = creators.get(db);
  if (!c) {
    c = sqliteConnectionOf(db).then((conn) => (conn ? build(conn) : null));
    creators.set(db, c);
  }
  return c;
}

export interface SqliteRunTarget {
  automation: { id: string; status: string; archivedAt: Date | null; draftGraph: string; conditions: string; publishedVersion: number | null; priority: number } | null;
  /** the published version; undefined when the caller must decide (nothing published) */
  version: { id: string; number: number } | null | undefined;
}
const TARGET = `SELECT a."id", a."status", a."archivedAt", a."publishedVersion", a."priority", v."id" AS "versionId", v."number" AS "versionNumber"
  FROM "Automation" a LEFT JOIN "AutomationVersion" v ON v."automationId" = a."id" AND v."number" = a."publishedVersion"
  WHERE a."id" = ? AND a."workspaceId" = ?`;
const targets = new WeakMap<object, Promise<Statement | null>>();

/**
 * createRun's lookups for a run of the published version (automation status,
 * priority, published version) in one statement on SQLite; null when not
 * available (PostgreSQL, a transaction client, or a Prisma transaction open on
 * the connection), in which case the caller queries through Prisma.
 */
export async function sqliteRunTarget(db: unknown, automationId: string, workspaceId: string): Promise<SqliteRunTarget | null> {
  if (typeof db !== "object" || db === null) return null;
  let p = targets.get(db);
  if (!p) {
    p = (async () => {
      const conn = providerOfDb(db as Db) === "sqlite" ? await sqliteConnectionOf(db as Db) : undefined;
      return conn ? conn.prepare(TARGET) : null;
    })();
    targets.set(db, p);
  }
  const st = await p;
  if (!st || st.database.inTransaction) return null;
  const row = st.get(automationId, workspaceId) as
    | { id: string; status: string; archivedAt: string | null; publishedVersion: number | bigint | null; priority: number | bigint; versionId: string | null; versionNumber: number | bigint | null }
    | undefined;
  if (!row) return { automation: null, version: undefined };
  // Prisma's connection reads integers as BigInt.
  const published = row.publishedVersion === null ? null : Number(row.publishedVersion);
  return {
    automation: { id: row.id, status: row.status, archivedAt: row.archivedAt ? new Date(row.archivedAt) : null, draftGraph: "", conditions: "", publishedVersion: published, priority: Number(row.priority) },
    version: published === null ? undefined : row.versionId ? { id: row.versionId, number: Number(row.versionNumber) } : undefined,
  };
}
