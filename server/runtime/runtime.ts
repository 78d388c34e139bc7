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
import { BullmqDispatcher } from "@/server/queue/bullmq";
import type { Dispatcher } from "@/server/queue/dispatcher";
import type { DispatcherLike } from "@/server/ops/engine-status";
import { logger as rootLogger, type Logger } from "@/server/log";
import { meterRunStore } from "@/server/ops/metrics-store";
import { observeRunStore } from "./run-change-store";
import { noteRunChange } from "./run-changes";
import { createScheduleJobs } from "@/server/triggers/schedule/jobs";
import type { TickOutcome } from "@/server/triggers/schedule/fire";
import { logScheduleOutcome } from "./schedule-log";

/**
 * Composition root of the engine: run store (Prisma), node registry (catalog +
 * executors), node services (HTTP, mail, sandbox, notifications, child runs)
 * and the dispatcher (QUEUE_MODE: the embedded one, or BullMQ wake-up jobs in
 * Redis with a database sweep). Used by instrumentation.ts, scripts/worker.ts,
 * the internal execute route, tests and the bench.
 */
export type RunDispatcher = Dispatcher & DispatcherLike;

export interface EngineRuntime {
  db: Db;
  store: RunStore;
  engine: Engine;
  dispatcher: RunDispatcher;
  /** Stops the dispatcher gracefully (see EmbeddedDispatcher.stop / BullmqDispatcher.stop). */
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
  /** default env().QUEUE_MODE */
  queueMode?: "embedded" | "bullmq";
  /** bullmq: fire schedules through delayed jobs planned by this worker (default true) */
  scheduleJobs?: boolean;
  /** bullmq: default env().REDIS_URL */
  redisUrl?: string;
  /** bullmq: default env().QUEUE_PREFIX */
  queuePrefix?: string;
  /** bullmq: period of the database sweep (default env().QUEUE_SWEEP_MS) */
  sweepMs?: number;
  /** bullmq: how long start() waits for Redis before running on the database sweep alone (default 3 s) */
  redisConnectTimeoutMs?: number;
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
  const dispatcher: RunDispatcher =
    (o.queueMode ?? e.QUEUE_MODE) === "bullmq"
      ? new BullmqDispatcher({
          redisUrl: o.redisUrl ?? e.REDIS_URL,
          prefix: o.queuePrefix ?? e.QUEUE_PREFIX,
          engine,
          concurrency: o.concurrency ?? e.ENGINE_CONCURRENCY,
          sweepMs: o.sweepMs ?? e.QUEUE_SWEEP_MS,
          ...(o.redisConnectTimeoutMs !== undefined ? { connectTimeoutMs: o.redisConnectTimeoutMs } : {}),
          registerSignal: o.registerSignal,
          stopTimeoutMs: o.graceMs ?? e.SHUTDOWN_GRACE_MS,
          logger: log,
          onResult: o.onResult,
          ...(o.scheduleJobs === false ? {} : { schedules: createScheduleJobs(o.db), onScheduleFired: (outcome: TickOutcome) => logScheduleOutcome(log, outcome) }),
        })
      : new EmbeddedDispatcher({
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

/**
 * The enqueue side alone (QUEUE_MODE=bullmq in a process that does not run the engine:
 * ENGINE_EMBEDDED=false): registers as this process's run signal handler, so runs
 * created or resumed here get a wake-up job; a worker executes them.
 */
export function createQueueProducer(o: { redisUrl?: string; queuePrefix?: string; logger?: Logger; connectTimeoutMs?: number } = {}): BullmqDispatcher {
  const e = env();
  return new BullmqDispatcher({
    redisUrl: o.redisUrl ?? e.REDIS_URL,
    prefix: o.queuePrefix ?? e.QUEUE_PREFIX,
    concurrency: 1,
    sweepMs: e.QUEUE_SWEEP_MS,
    logger: o.logger ?? rootLogger(),
    ...(o.connectTimeoutMs !== undefined ? { connectTimeoutMs: o.connectTimeoutMs } : {}),
  });
}
