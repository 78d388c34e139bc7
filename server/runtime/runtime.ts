import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { providerOf, type Db } from "@/server/db";
import { createPgWakeups } from "./pg-wakeups";
import { env } from "@/server/env";
import { getNodeType } from "@/lib/nodes/registry";
import { getExecutor } from "@/server/nodes/registry";
import { createNodeServices } from "@/server/integrations";
import { createEngine, type Engine, type ExecuteResult } from "@/server/engine/executor";
import type { EngineDeps, NodeRegistry } from "@/server/engine/ports";
import { createRunStore } from "@/server/engine/run-store";
import type { RunStore } from "@/server/engine/store";
import type { NodeServices } from "@/server/engine/contract";
import { createChildRunStarter } from "@/server/services/runs/child-runs";
import { EmbeddedDispatcher } from "@/server/queue/embedded";
import { logger as rootLogger, type Logger } from "@/server/log";
import { meterRunStore } from "@/server/ops/metrics-store";
import { observeRunStore } from "./run-change-store";
import { noteRunChange } from "./run-changes";

/**
 * Composition root of the engine: run store (Prisma), node registry (catalog +
 * executors), node services (HTTP, mail, sandbox, notifications, child runs)
 * and the embedded dispatcher. Used by instrumentation.ts, scripts/worker.ts,
 * the internal execute route, tests and the bench.
 */
export interface EngineRuntime {
  db: Db;
  store: RunStore;
  engine: Engine;
  dispatcher: EmbeddedDispatcher;
  /** Stops the dispatcher gracefully (see EmbeddedDispatcher.stop). */
  dispose(): Promise<void>;
}

export interface EngineRuntimeOptions {
  db: Db;
  concurrency?: number;
  tickMs?: number;
  leaseMs?: number;
  /** consecutive takeovers without a commit before CRASH_LOOP (default ENGINE_MAX_CLAIMS) */
  maxClaims?: number;
  /** first safety-timer delay of a parent waiting for a child (default 30 s) */
  childCheckMs?: number;
  outputLimitBytes?: number;
  owner?: string;
  services?: Partial<NodeServices>;
  /** Node types (default: the catalog + server/nodes executors). */
  registry?: NodeRegistry;
  registerSignal?: boolean;
  /** Graceful stop: how long steps in flight may finish before their runs are handed back (default SHUTDOWN_GRACE_MS). */
  graceMs?: number;
  /** Wraps the run store (tests: simulate a crash between two writes). */
  wrapStore?: (store: RunStore) => RunStore;
  /** PostgreSQL URL to LISTEN on for wake-ups from other processes (runs created or resumed there) */
  listenUrl?: string;
  onStepTiming?: EngineDeps["onStepTiming"];
  onResult?: (runId: string, result: ExecuteResult) => void;
  /** Announce each run write on the change bus (live updates, server/runtime/run-changes.ts); default true. */
  observeChanges?: boolean;
  /** default: the process's root logger (server/log) */
  logger?: Logger;
}

export const nodeRegistry: NodeRegistry = { definition: getNodeType, executor: getExecutor };

export function createEngineRuntime(o: EngineRuntimeOptions): EngineRuntime {
  const e = env();
  const log = o.logger ?? rootLogger();
  const base = o.observeChanges === false ? createRunStore(o.db) : observeRunStore(createRunStore(o.db), noteRunChange);
  // Metrics (server/ops/metrics-store.ts): counted after each write succeeded, outermost.
  const store = meterRunStore(o.wrapStore ? o.wrapStore(base) : base);
  const childRuns = createChildRunStarter(o.db);
  const services: NodeServices = { ...createNodeServices({ db: o.db, childRuns }), ...o.services };
  const engine = createEngine({
    store,
    registry: o.registry ?? nodeRegistry,
    services,
    owner: o.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
    leaseMs: o.leaseMs ?? e.ENGINE_LEASE_MS,
    outputLimitBytes: o.outputLimitBytes ?? e.STEP_OUTPUT_LIMIT_BYTES,
    maxClaims: o.maxClaims ?? e.ENGINE_MAX_CLAIMS,
    ...(o.childCheckMs !== undefined ? { childCheckMs: o.childCheckMs } : {}),
    // `dispatcher` is assigned below, before any run executes.
    wake: (runId, at) => dispatcher.enqueue(runId, at ? { at } : undefined),
    onStepTiming: o.onStepTiming,
    logger: log,
  });
  const dispatcher: EmbeddedDispatcher = new EmbeddedDispatcher({
    engine,
    concurrency: o.concurrency ?? e.ENGINE_CONCURRENCY,
    tickMs: o.tickMs ?? e.ENGINE_TICK_MS,
    registerSignal: o.registerSignal,
    stopTimeoutMs: o.graceMs ?? e.SHUTDOWN_GRACE_MS,
    ...(o.listenUrl && providerOf(o.listenUrl) === "postgresql" ? { wakeups: createPgWakeups(o.listenUrl, log) } : {}),
    logger: log,
    onResult: o.onResult,
  });
  return {
    db: o.db,
    store,
    engine,
    dispatcher,
    async dispose() {
      await dispatcher.stop();
    },
  };
}
