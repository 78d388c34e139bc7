/**
 * Bulk fixtures for bench/runs-list.ts: many runs with their steps, written
 * straight into the database, not through the engine: SQLite through the
 * client's better-sqlite3 connection (prepared INSERTs in one transaction per
 * batch, values converted as the engine's SQLite store does), PostgreSQL with
 * one INSERT … SELECT FROM unnest(…) per batch and table.
 */
import pg from "pg";
import { providerOf, sqliteConnectionOf, type Db } from "../server/db";
import { stepRowId } from "../server/engine/step-id";
import { sqliteValue } from "../server/engine/run-store-sql";
import { seedAutomation, type BenchGraph } from "./setup";

type Row = Record<string, unknown>;

/** Inserts rows (all with the same keys) into a table. */
export interface BulkWriter {
  insert(table: "Run" | "StepRun", rows: Row[]): Promise<void>;
  close(): Promise<void>;
}

const PG_TYPES: Record<string, string> = {
  isTest: "boolean", responseTruncated: "boolean", versionNumber: "int", stepCount: "int", failedStepCount: "int", skippedStepCount: "int",
  attempt: "int", durationMs: "int", createdAt: "timestamp(3)", updatedAt: "timestamp(3)", startedAt: "timestamp(3)", finishedAt: "timestamp(3)",
};

export async function bulkWriter(db: Db, url: string): Promise<BulkWriter> {
  if (providerOf(url) === "sqlite") {
    const conn = await sqliteConnectionOf(db);
    if (!conn) throw new Error("no SQLite connection");
    const statements = new Map<string, import("better-sqlite3").Statement>();
    return {
      async insert(table, rows) {
        if (!rows.length) return;
        const cols = Object.keys(rows[0]);
        const key = `${table}:${cols.join(",")}`;
        let stmt = statements.get(key);
        if (!stmt) {
          stmt = conn.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`);
          statements.set(key, stmt);
        }
        const s = stmt;
        conn.transaction(() => {
          for (const r of rows) s.run(...cols.map((c) => sqliteValue(r[c])));
        })();
      },
      async close() {},
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async insert(table, rows) {
      if (!rows.length) return;
      const cols = Object.keys(rows[0]);
      // timestamp(3) columns hold UTC wall time (as Prisma writes them): ISO text without the zone.
      const value = (v: unknown) => (v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, -1) : v);
      const arrays = cols.map((c) => rows.map((r) => value(r[c])));
      const unnest = cols.map((c, i) => `$${i + 1}::${PG_TYPES[c] ?? "text"}[]`).join(", ");
      await client.query(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) SELECT * FROM unnest(${unnest})`, arrays);
    },
    close: () => client.end(),
  };
}

export interface SeededRuns {
  workspaceId: string;
  automationIds: string[];
  automationNames: string[];
  runs: number;
  steps: number;
  /** a word found in the trigger data of about one run in 50 */
  searchTerm: string;
}

const TRIGGERS = ["webhook", "schedule", "event", "manual"] as const;
const STEPS_PER_RUN = 3;
const BATCH = 500;

function graph(trigger: string): BenchGraph {
  const n = (id: string, type: string, config: Record<string, unknown>) => ({ id, type, name: id, config, position: { x: 0, y: 0 } });
  return {
    nodes: [n("trigger", trigger, {}), n("check", "condition", {}), n("notify", "http_request", { url: "https://api.example.com/notify" })],
    edges: [
      { id: "e1", source: "trigger", sourceHandle: "next", target: "check" },
      { id: "e2", source: "check", sourceHandle: "true", target: "notify" },
    ],
  };
}

/** Deterministic pseudo-random numbers (the same data set for every database). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function statusOf(r: number): string {
  if (r < 0.78) return "COMPLETED";
  if (r < 0.88) return "FAILED";
  if (r < 0.94) return "SKIPPED";
  if (r < 0.97) return "CANCELLED";
  if (r < 0.98) return "RUNNING";
  if (r < 0.99) return "PAUSED";
  return "QUEUED";
}

/**
 * A workspace with `automations` published automations and `runs` runs spread
 * over the last 90 days (newest now), STEPS_PER_RUN steps each with small
 * request/response payloads, and trigger data of ~250 bytes per run.
 */
export async function seedRuns(db: Db, url: string, opts: { runs: number; automations?: number; log?: (line: string) => void }): Promise<SeededRuns> {
  const count = opts.automations ?? 20;
  const { workspaceId, automationId: first } = await seedAutomation(db, graph("webhook"), "Runs bench 01");
  const automationIds = [first];
  const automationNames = ["Runs bench 01"];
  for (let i = 1; i < count; i++) {
    const name = `Runs bench ${String(i + 1).padStart(2, "0")}`;
    const text = JSON.stringify(graph(TRIGGERS[i % TRIGGERS.length]));
    const a = await db.automation.create({ data: { workspaceId, name, draftGraph: text, status: "ACTIVE", publishedVersion: 1 } });
    await db.automationVersion.create({ data: { automationId: a.id, workspaceId, number: 1, graph: text } });
    automationIds.push(a.id);
    automationNames.push(name);
  }
  const versions = await db.automationVersion.findMany({ where: { workspaceId }, select: { id: true, automationId: true } });
  const versionOf = new Map(versions.map((v) => [v.automationId, v.id]));

  const writer = await bulkWriter(db, url);
  const random = rng(42);
  const now = Date.now();
  const span = 90 * 24 * 3600_000;
  let steps = 0;
  for (let start = 0; start < opts.runs; start += BATCH) {
    const runs = [];
    const stepRows = [];
    for (let i = start; i < Math.min(opts.runs, start + BATCH); i++) {
      // run 0 is the oldest; createdAt increases with i; one in ten shares its predecessor's millisecond (ties broken by id)
      const createdMs = now - span + Math.floor((span * (i % 10 === 1 ? i - 1 : i)) / opts.runs);
      const created = new Date(createdMs);
      const a = Math.floor(random() * count);
      const status = statusOf(random());
      const isTest = random() < 0.05;
      const finished = !["RUNNING", "PAUSED", "QUEUED"].includes(status);
      const started = status === "QUEUED" ? null : new Date(createdMs + 5);
      const duration = Math.floor(20 + random() * 2000);
      const id = stepRowId(createdMs);
      const special = i % 50 === 7;
      const triggerData = JSON.stringify({
        order_id: `ord-${100000 + i}`,
        email: `customer${i}@example.com`,
        amount: Math.round(random() * 100000) / 100,
        currency: "EUR",
        items: [{ sku: `SKU-${i % 977}`, qty: 1 + (i % 3) }],
        note: special ? "priority customer: expedite" : "standard delivery",
      });
      runs.push({
        id,
        workspaceId,
        automationId: automationIds[a],
        versionId: isTest ? null : versionOf.get(automationIds[a]),
        versionNumber: isTest ? null : 1,
        isTest,
        status,
        triggerType: TRIGGERS[a % TRIGGERS.length],
        triggerData,
        state: "{}",
        error: status === "FAILED" ? "HTTP 502 from api.example.com" : null,
        errorCode: status === "FAILED" ? "HTTP_ERROR" : null,
        idempotencyKey: `bench-${i}`,
        stepCount: status === "SKIPPED" || status === "QUEUED" ? 0 : STEPS_PER_RUN,
        failedStepCount: status === "FAILED" ? 1 : 0,
        skippedStepCount: status === "SKIPPED" ? STEPS_PER_RUN : 0,
        createdAt: created,
        startedAt: started,
        finishedAt: finished && started ? new Date(started.getTime() + duration) : null,
        updatedAt: created,
      });
      if (status === "SKIPPED" || status === "QUEUED") continue;
      for (let s = 0; s < STEPS_PER_RUN; s++) {
        const node = ["trigger", "check", "notify"][s];
        const failed = status === "FAILED" && s === STEPS_PER_RUN - 1;
        const at = createdMs + 5 + s * 10;
        stepRows.push({
          id: stepRowId(at),
          runId: id,
          workspaceId,
          nodeId: node,
          nodeType: s === 0 ? TRIGGERS[a % TRIGGERS.length] : s === 1 ? "condition" : "http_request",
          nodeName: node,
          status: failed ? "FAILED" : "SUCCEEDED",
          idempotencyKey: `${id}:${node}:`,
          request: JSON.stringify({ url: "https://api.example.com/notify", body: { order: `ord-${100000 + i}` } }),
          response: failed ? null : JSON.stringify({ status: 200, body: { ok: true, id: `n-${i}` } }),
          handle: failed ? null : s === 1 ? "true" : "next",
          error: failed ? "HTTP 502 from api.example.com" : null,
          errorCode: failed ? "HTTP_ERROR" : null,
          startedAt: new Date(at),
          finishedAt: new Date(at + 8),
          durationMs: 8,
        });
      }
    }
    await writer.insert("Run", runs);
    await writer.insert("StepRun", stepRows);
    steps += stepRows.length;
    if (opts.log && (start / BATCH) % 40 === 39) opts.log(`  seeded ${start + BATCH} runs`);
  }
  await writer.close();
  return { workspaceId, automationIds, automationNames, runs: opts.runs, steps, searchTerm: "expedite" };
}

/** One COMPLETED run (newest of its automation) with `steps` step rows: a big loop. */
export async function seedBigRun(db: Db, url: string, workspaceId: string, automationId: string, steps: number): Promise<string> {
  const writer = await bulkWriter(db, url);
  const createdMs = Date.now();
  const id = stepRowId(createdMs);
  await db.run.create({
    data: {
      id, workspaceId, automationId, status: "COMPLETED", triggerType: "manual", triggerData: JSON.stringify({ items: steps }),
      idempotencyKey: `bench-big-${id}`, stepCount: steps, createdAt: new Date(createdMs), startedAt: new Date(createdMs),
      finishedAt: new Date(createdMs + steps * 3),
    },
  });
  for (let start = 0; start < steps; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(steps, start + BATCH); i++) {
      const at = createdMs + i * 3;
      const node = i === 0 ? "trigger" : i % 2 ? "loop_body" : "notify";
      const iteration = i === 0 ? "" : String(Math.floor((i - 1) / 2));
      rows.push({
        id: stepRowId(at), runId: id, workspaceId, nodeId: node, nodeType: i === 0 ? "manual" : "set_variables", nodeName: node, iteration,
        status: "SUCCEEDED", idempotencyKey: `${id}:${node}:${iteration}`, request: JSON.stringify({ index: i }), response: JSON.stringify({ value: i, label: `item ${i}` }),
        handle: "next", startedAt: new Date(at), finishedAt: new Date(at + 2), durationMs: 2,
      });
    }
    await writer.insert("StepRun", rows);
  }
  await writer.close();
  return id;
}
