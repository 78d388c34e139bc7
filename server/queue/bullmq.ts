import { Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { z } from "zod";
import type { Logger } from "pino";
import type { Engine, ExecuteResult } from "@/server/engine/executor";
import type { ClaimedRun } from "@/server/engine/store";
import type { ScheduleJobs } from "@/server/triggers/schedule/jobs";
import type { TickOutcome } from "@/server/triggers/schedule/fire";
import type { Dispatcher, StopSummary } from "./dispatcher";
import { clearRunSignalHandler, setRunSignalHandler } from "./signal";

/**
 * BullMQ dispatcher (QUEUE_MODE=bullmq). Redis carries wake-ups only; the
 * database stays the source of truth:
 *  - enqueue(runId, { at }) adds a job to one queue with a jobId derived from the
 *    run id and its due time (duplicates of a pending wake-up collapse) and a
 *    delay for `at` (delays, retry backoff, child safety timers, schedules that
 *    create runs all become delayed jobs). Redis down: nothing is thrown, the run
 *    is already committed in the database and a sweep finds it.
 *  - With an engine (worker processes): a BullMQ Worker with this process's
 *    concurrency claims the job's run (the fenced lease decides: a run that is
 *    not due or is held by another worker is simply acknowledged) and executes
 *    it; a slower sweep claims whatever is due in the database anyway (jobs lost
 *    to a FLUSHALL or a Redis outage, runs whose worker died: expired leases).
 *  - Schedules (with `schedules`): every sweep plans a delayed "schedule" job for
 *    each schedule firing within the planning horizon (jobId from the schedule id
 *    and its fire time: workers planning the same tick add one job); the job fires
 *    that schedule (the conditional update of nextFireAt decides, a duplicate fires
 *    nothing) and plans the next one. The schedule ticker's database pass, every
 *    sweep period in queue mode, fires whatever a lost job left due.
 *  - Without an engine (web process with ENGINE_EMBEDDED=false): producer only.
 */
export const RUN_QUEUE_NAME = "switchyard-runs";

const jobData = z.object({ runId: z.string().min(1) });
const scheduleJobData = z.object({ scheduleId: z.string().min(1) });
type JobData = z.infer<typeof jobData> | z.infer<typeof scheduleJobData>;
/** Job name of a schedule's fire time (run wake-ups are "wake"). */
export const SCHEDULE_JOB = "schedule";

export interface BullmqDispatcherOptions {
  redisUrl: string;
  /** BullMQ key prefix (default "switchyard"); several deployments (or test files) can share one Redis */
  prefix?: string;
  /** Consumer part: absent → producer only (a web process that does not run the engine). */
  engine?: Pick<Engine, "claimRun" | "claimNext" | "execute" | "handBack">;
  concurrency: number;
  /** Period of the database sweep, the safety net for lost jobs and expired leases. */
  sweepMs: number;
  /** Receive createRun/resume/cancel signals of this process (default true). */
  registerSignal?: boolean;
  /** Grace of a graceful stop (default 10 s). */
  stopTimeoutMs?: number;
  logger: Logger;
  onResult?: (runId: string, result: ExecuteResult) => void;
  /** How long start() waits for Redis before going on without it (default 3 s). */
  connectTimeoutMs?: number;
  /** Worker processes: fire schedules through delayed jobs (see above). */
  schedules?: ScheduleJobs;
  /** How far ahead each sweep plans schedule jobs (default max(60 s, 3 sweeps)). */
  scheduleHorizonMs?: number;
  onScheduleFired?: (outcome: TickOutcome) => void;
}

const WARN_EVERY_MS = 10_000;

export class BullmqDispatcher implements Dispatcher {
  private readonly running = new Map<string, { run: ClaimedRun; done: Promise<void> }>();
  /** slots taken: claims in progress + executions */
  private busy = 0;
  private readonly waiters: Array<(ok: boolean) => void> = [];
  private stopCtl = new AbortController();
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping = false;
  private state: "idle" | "started" | "stopping" = "idle";
  private producer: Redis | null = null;
  private queue: Queue<JobData> | null = null;
  private worker: Worker<JobData> | null = null;
  private lastWarn = 0;
  private dropped = 0;
  private readonly signalHandler = (runId: string, at?: Date) => this.enqueue(runId, at ? { at } : undefined);

  constructor(private readonly o: BullmqDispatcherOptions) {}

  private get prefix(): string {
    return this.o.prefix ?? "switchyard";
  }

  /** Adds a wake-up job (delayed until `at`). Never throws: a wake-up is only a hint, the run is in the database. */
  enqueue(runId: string, opts?: { at?: Date }): void {
    if (this.state === "idle") return;
    const queue = this.queue;
    if (!queue || this.producer?.status !== "ready") {
      this.noteDropped(runId, "Redis is not connected");
      return;
    }
    const nowMs = Date.now();
    const dueMs = opts?.at ? opts.at.getTime() : nowMs;
    queue
      .add("wake", { runId }, { jobId: `${runId}.${dueMs}`, delay: Math.max(0, dueMs - nowMs), removeOnComplete: true, removeOnFail: true })
      .catch((err: unknown) => this.noteDropped(runId, errorText(err)));
  }

  /** Adds the delayed job of a schedule's fire time (a hint like a wake-up: never throws). */
  enqueueSchedule(scheduleId: string, at: Date): void {
    if (this.state === "idle") return;
    const queue = this.queue;
    if (!queue || this.producer?.status !== "ready") return;
    const dueMs = at.getTime();
    queue
      .add(SCHEDULE_JOB, { scheduleId }, { jobId: `sched.${scheduleId}.${dueMs}`, delay: Math.max(0, dueMs - Date.now()), removeOnComplete: true, removeOnFail: true })
      .catch((err: unknown) => this.warn(errorText(err)));
  }

  /** Plans the delayed jobs of the schedules firing within the horizon (each sweep). */
  private async planSchedules(): Promise<void> {
    const jobs = this.o.schedules;
    if (!jobs || !this.queue || this.producer?.status !== "ready") return;
    const horizon = this.o.scheduleHorizonMs ?? Math.max(60_000, this.o.sweepMs * 3);
    for (const d of await jobs.due(horizon)) this.enqueueSchedule(d.scheduleId, d.at);
  }

  /** A schedule job: fire it if due (the database claim decides), then plan its next fire time. */
  private async processSchedule(scheduleId: string): Promise<void> {
    const jobs = this.o.schedules;
    if (!jobs || this.state !== "started") return;
    try {
      const { outcome, next } = await jobs.fire(scheduleId);
      if (outcome) this.o.onScheduleFired?.(outcome);
      // The fire signalled its runs (signalRun); a dispatcher that does not hear signals wakes them itself.
      if (outcome?.kind === "fired" && this.o.registerSignal === false) for (const runId of outcome.fire.runIds) this.enqueue(runId);
      if (next) this.enqueueSchedule(scheduleId, next);
    } catch (err) {
      this.o.logger.warn({ scheduleId, error: errorText(err) }, "firing a scheduled job failed; the schedule ticker retries it");
    }
  }

  private noteDropped(runId: string, reason: string): void {
    this.dropped++;
    this.warn(reason, runId);
  }

  /** One warning per WARN_EVERY_MS at most: an outage must not flood the log with one line per run or per reconnect. */
  private warn(reason: string, runId?: string): void {
    const now = Date.now();
    if (now - this.lastWarn < WARN_EVERY_MS) return;
    this.lastWarn = now;
    this.o.logger.warn(
      { ...(runId ? { runId } : {}), dropped: this.dropped, error: reason },
      "Redis unavailable: run wake-ups are not queued; runs stay queued in the database and the workers' sweep picks them up",
    );
  }

  async start(): Promise<void> {
    if (this.state !== "idle") return;
    this.state = "started";
    this.stopCtl = new AbortController();
    // Producer: fail fast while Redis is unreachable (no offline buffer, one attempt per command); reconnects in the background.
    const producer = new Redis(this.o.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: true });
    this.producer = producer;
    producer.on("error", (err: Error) => this.warn(`Redis connection: ${err.message}`));
    producer.on("ready", () => {
      if (this.state === "idle") return;
      // The queue is created on the first ready connection (BullMQ loads its scripts then); later reconnects reuse it.
      if (!this.queue) {
        const queue = new Queue<JobData>(RUN_QUEUE_NAME, { connection: producer, prefix: this.prefix });
        queue.on("error", (err: Error) => this.warn(errorText(err)));
        this.queue = queue;
        return;
      }
      // Redis is back: the wake-ups lost meanwhile are claimed now rather than at the next sweep.
      this.o.logger.info({ dropped: this.dropped }, "Redis reachable again: run wake-ups are queued again");
      void this.sweep();
    });
    producer.connect().catch(() => undefined);
    if (this.o.registerSignal !== false) setRunSignalHandler(this.signalHandler);
    if (this.o.engine) {
      const worker = new Worker<JobData>(RUN_QUEUE_NAME, (job) => this.process(job), {
        connection: { url: this.o.redisUrl, maxRetriesPerRequest: null },
        prefix: this.prefix,
        concurrency: this.o.concurrency,
      });
      worker.on("error", (err: Error) => this.warn(`BullMQ worker: ${errorText(err)}`));
      this.worker = worker;
      this.sweeper = setInterval(() => void this.sweep(), this.o.sweepMs);
      this.sweeper.unref();
    }
    await this.waitForRedis(this.o.connectTimeoutMs ?? 3_000);
    await this.sweep();
  }

  /** Resolves when the producer's queue is ready, or after `ms` (Redis down: the process runs on the database alone). */
  private async waitForRedis(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(this.queue && this.producer?.status === "ready")) {
      if (Date.now() > deadline) {
        this.o.logger.warn({ redis: redactUrl(this.o.redisUrl) }, "Redis is not reachable; runs are still accepted and executed through the database sweep");
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await this.queue.waitUntilReady().catch(() => undefined);
    // A worker process is consuming once start() resolves (its blocking connection is up).
    if (this.worker) await within(this.worker.waitUntilReady().catch(() => undefined), Math.max(0, deadline - Date.now()));
  }

  /** A job: claim its run if it is due (else acknowledge), execute it in a slot of this process. */
  private async process(job: Job<JobData>): Promise<void> {
    if (job.name === SCHEDULE_JOB) {
      const sched = scheduleJobData.safeParse(job.data);
      if (sched.success) await this.processSchedule(sched.data.scheduleId);
      return;
    }
    const parsed = jobData.safeParse(job.data);
    const engine = this.o.engine;
    if (!parsed.success || !engine) return;
    if (!(await this.acquire())) {
      // Stopping: pass the wake-up on to another worker instead of leaving the run to a sweep.
      this.enqueue(parsed.data.runId);
      return;
    }
    let run: ClaimedRun | null = null;
    try {
      run = await engine.claimRun(parsed.data.runId);
    } catch (err) {
      this.o.logger.warn({ runId: parsed.data.runId, error: errorText(err) }, "claiming a queued run failed; the sweep retries it");
    }
    if (!run) {
      this.release();
      return;
    }
    await this.launch(run);
  }

  /** Safety net: claims what is due in the database into the free slots (lost jobs, expired leases). */
  private async sweep(): Promise<void> {
    const engine = this.o.engine;
    if (!engine || this.sweeping || this.state !== "started") return;
    this.sweeping = true;
    try {
      await this.planSchedules().catch((err: unknown) => this.o.logger.warn({ error: errorText(err) }, "planning schedule jobs failed; retried at the next sweep"));
      while (this.state === "started" && this.busy < this.o.concurrency) {
        const free = this.o.concurrency - this.busy;
        this.busy += free;
        const runs = await Promise.all(Array.from({ length: free }, () => engine.claimNext().catch(() => null)));
        let claimed = 0;
        for (const run of runs) {
          if (!run) {
            this.release();
            continue;
          }
          claimed++;
          void this.launch(run);
        }
        if (claimed < free) break;
      }
    } catch (err) {
      this.o.logger.warn({ error: errorText(err) }, "the database sweep failed; retried at the next one");
    } finally {
      this.sweeping = false;
    }
  }

  private acquire(): Promise<boolean> {
    if (this.state !== "started") return Promise.resolve(false);
    if (this.busy < this.o.concurrency) {
      this.busy++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Frees a slot, or hands it straight to a job waiting for one. */
  private release(): void {
    if (this.state === "started") {
      const next = this.waiters.shift();
      if (next) return next(true);
    }
    this.busy--;
  }

  /** Executes a claimed run in the slot already taken; resolves when the execution ended. */
  private launch(run: ClaimedRun): Promise<void> {
    const engine = this.o.engine;
    if (!engine) return Promise.resolve();
    const done = (async () => {
      try {
        const result = await engine.execute(run, { stop: this.stopCtl.signal });
        this.o.onResult?.(run.id, result);
        if ((result.kind === "paused" || result.kind === "requeued") && result.wakeAt) this.enqueue(run.id, { at: result.wakeAt });
      } catch (err) {
        this.o.logger.error({ runId: run.id, err }, "run execution failed; the run is retried when its lease expires");
      } finally {
        this.running.delete(run.id);
        this.release();
      }
    })();
    this.running.set(run.id, { run, done });
    return done;
  }

  /**
   * Graceful stop: the BullMQ worker stops fetching and the sweep stops at once; runs between two steps go
   * back to QUEUED (and get a wake-up job, so another worker continues them at once); steps in flight get
   * `graceMs`; what is still in a step after that is handed back (lease released) and re-enqueued.
   */
  async stop(opts: { graceMs?: number } = {}): Promise<StopSummary> {
    if (this.state !== "started") return { inFlight: 0, finished: 0, handedBack: 0, abandoned: 0 };
    this.state = "stopping";
    if (this.sweeper) clearInterval(this.sweeper);
    if (this.o.registerSignal !== false) clearRunSignalHandler(this.signalHandler);
    // close() stops fetching at once and resolves when the jobs in progress have returned.
    const closing = this.worker?.close().catch(() => undefined);
    for (const waiting of this.waiters.splice(0)) waiting(false);
    while (this.sweeping) await new Promise((r) => setTimeout(r, 1));
    this.stopCtl.abort();
    const executing = [...this.running.values()];
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, opts.graceMs ?? this.o.stopTimeoutMs ?? 10_000);
      timer.unref();
    });
    await Promise.race([Promise.allSettled(executing.map((e) => e.done)), timeout]);
    if (timer) clearTimeout(timer);
    const left = executing.filter((e) => this.running.get(e.run.id) === e);
    const released = await Promise.allSettled(left.map((e) => this.o.engine?.handBack(e.run) ?? Promise.resolve(false)));
    const handedBack = left.filter((_, i) => {
      const r = released[i];
      return r?.status === "fulfilled" && r.value;
    });
    for (const e of handedBack) this.enqueue(e.run.id);
    if (closing) {
      // Handed-back executions end at once (their step is aborted as a lost lease); one that hangs, or Redis down, does not hold the exit.
      await within(closing, 1_000);
      await within(this.worker?.close(true).catch(() => undefined), 1_000);
    }
    await this.closeProducer();
    this.state = "idle";
    return { inFlight: executing.length, finished: executing.length - left.length, handedBack: handedBack.length, abandoned: left.length - handedBack.length };
  }

  private async closeProducer(): Promise<void> {
    const queue = this.queue;
    const producer = this.producer;
    this.queue = null;
    this.producer = null;
    this.worker = null;
    // Jobs added just before (hand-backs) are written: close() waits for pending commands.
    if (queue) await within(queue.close().catch(() => undefined), 1_000);
    if (producer) {
      producer.removeAllListeners("ready");
      if (producer.status === "ready") await producer.quit().catch(() => producer.disconnect());
      else producer.disconnect();
    }
  }

  /** Runs executing in this dispatcher right now (tests, health). */
  get activeCount(): number {
    return this.running.size;
  }

  /** Started and not stopping (readiness probe, server/ops). */
  get isRunning(): boolean {
    return this.state === "started";
  }
}

/** Waits for `p` at most `ms`. */
async function within(p: Promise<unknown> | undefined, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "redis";
  }
}
