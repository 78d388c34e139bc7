import type { Logger } from "pino";
import type { Engine, ExecuteResult } from "@/server/engine/executor";
import type { ClaimedRun } from "@/server/engine/store";
import type { Dispatcher, StopSummary, WakeupSource } from "./dispatcher";
import { clearRunSignalHandler, setRunSignalHandler } from "./signal";

/**
 * Embedded dispatcher: executes runs in this process with bounded concurrency.
 * It never decides which run goes next: with a free slot it asks the engine to
 * claim the next due run (one claim path: timers and takeovers first, then by
 * priority and age, atomic in the database). Wake-ups (a run created or resumed
 * in this process, a NOTIFY from another process, a timer that comes due) only
 * make it claim sooner; a ticker (period tickMs) claims whatever is due anyway,
 * so a lost wake-up or a restart loses nothing.
 */
export interface EmbeddedDispatcherOptions {
  engine: Pick<Engine, "claimNext" | "execute" | "handBack">;
  concurrency: number;
  tickMs: number;
  /** Receive createRun/resume/cancel signals of this process (default true). */
  registerSignal?: boolean;
  /** Wake-ups from other processes (PostgreSQL LISTEN/NOTIFY). */
  wakeups?: WakeupSource;
  /** Grace of a graceful stop: how long stop() lets steps in flight finish before it hands their runs back (default 10 s). */
  stopTimeoutMs?: number;
  now?: () => Date;
  /** server/log; a run's lines carry its `runId` */
  logger: Logger;
  onResult?: (runId: string, result: ExecuteResult) => void;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export class EmbeddedDispatcher implements Dispatcher {
  private readonly running = new Map<string, { run: ClaimedRun; done: Promise<void> }>();
  /** one timer per due time (ms), so a burst of runs due at once costs one wake-up */
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private stopCtl = new AbortController();
  private ticker: NodeJS.Timeout | undefined;
  private filling = false;
  private refill = false;
  private state: "idle" | "started" | "stopping" = "idle";
  private readonly signalHandler = (runId: string, at?: Date) => this.enqueue(runId, at ? { at } : undefined);

  constructor(private readonly o: EmbeddedDispatcherOptions) {}

  private now(): number {
    return (this.o.now?.() ?? new Date()).getTime();
  }

  /** A run became (or becomes at `at`) due: claim sooner. The run id is only a hint; the claim order decides. */
  enqueue(_runId?: string, opts?: { at?: Date }): void {
    if (this.state !== "started") return;
    const delay = opts?.at ? opts.at.getTime() - this.now() : 0;
    if (delay > 0) {
      const at = opts?.at?.getTime() ?? 0;
      if (this.timers.has(at)) return;
      const timer = setTimeout(() => {
        this.timers.delete(at);
        this.fill();
      }, Math.min(delay, MAX_TIMER_MS));
      timer.unref();
      this.timers.set(at, timer);
      return;
    }
    this.fill();
  }

  /** Claims due runs until every slot is busy or nothing is due. */
  private fill(): void {
    if (this.state !== "started") return;
    if (this.filling) {
      this.refill = true;
      return;
    }
    this.filling = true;
    void (async () => {
      try {
        do {
          this.refill = false;
          while (this.state === "started" && this.running.size < this.o.concurrency) {
            // One claim per free slot at once: the store may serve them in one transaction (SQLite group commit).
            const free = this.o.concurrency - this.running.size;
            const runs = await Promise.all(Array.from({ length: free }, () => this.o.engine.claimNext()));
            let claimed = 0;
            for (const run of runs) {
              if (!run) continue;
              claimed++;
              // Even when stop() began meanwhile: executing with the stop signal hands the run straight back to the queue.
              this.launch(run);
            }
            if (claimed < free) break;
          }
        } while (this.refill && this.state === "started" && this.running.size < this.o.concurrency);
      } catch (err) {
        this.o.logger.warn({ error: errorText(err) }, "claiming due runs failed; retried at the next tick");
      } finally {
        this.filling = false;
      }
    })();
  }

  private launch(run: ClaimedRun): void {
    this.running.set(run.id, { run, done: this.execute(run) });
  }

  private async execute(run: ClaimedRun): Promise<void> {
    try {
      const result = await this.o.engine.execute(run, { stop: this.stopCtl.signal });
      this.o.onResult?.(run.id, result);
      if ((result.kind === "paused" || result.kind === "requeued") && result.wakeAt) this.enqueue(run.id, { at: result.wakeAt });
    } catch (err) {
      this.o.logger.error({ runId: run.id, err }, "run execution failed; the run is retried when its lease expires");
    } finally {
      this.running.delete(run.id);
      this.fill();
    }
  }

  async start(): Promise<void> {
    if (this.state === "started") return;
    this.state = "started";
    this.stopCtl = new AbortController();
    if (this.o.registerSignal !== false) setRunSignalHandler(this.signalHandler);
    this.ticker = setInterval(() => this.fill(), this.o.tickMs);
    this.fill();
    await this.o.wakeups?.start(() => this.fill());
    await this.idle();
  }

  /** Resolves when the current claiming pass is over (start() returns after the first one). */
  private async idle(): Promise<void> {
    while (this.filling) await new Promise((r) => setTimeout(r, 1));
  }

  /**
   * Graceful stop: stops claiming (ticker, timers, wake-ups) at once; runs between two steps go back
   * to QUEUED before their next step; steps in flight get `graceMs` (default stopTimeoutMs) to finish
   * and commit; the runs still in a step after that are handed back (Engine.handBack: lease released,
   * claimable at once; a late result is fenced out).
   */
  async stop(opts: { graceMs?: number } = {}): Promise<StopSummary> {
    if (this.state !== "started") return { inFlight: 0, finished: 0, handedBack: 0, abandoned: 0 };
    this.state = "stopping";
    if (this.ticker) clearInterval(this.ticker);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    if (this.o.registerSignal !== false) clearRunSignalHandler(this.signalHandler);
    await this.o.wakeups?.stop();
    await this.idle();
    // Running runs stop before their next step and go back to QUEUED.
    this.stopCtl.abort();
    const executing = [...this.running.values()];
    const all = Promise.allSettled(executing.map((e) => e.done));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, opts.graceMs ?? this.o.stopTimeoutMs ?? 10_000);
      timer.unref();
    });
    await Promise.race([all, timeout]);
    if (timer) clearTimeout(timer);
    // After the grace: what is still executing is handed back now rather than after its lease expires.
    const left = executing.filter((e) => this.running.get(e.run.id) === e);
    const released = await Promise.allSettled(left.map((e) => this.o.engine.handBack(e.run)));
    const handedBack = released.filter((r) => r.status === "fulfilled" && r.value).length;
    this.state = "idle";
    return { inFlight: executing.length, finished: executing.length - left.length, handedBack, abandoned: left.length - handedBack };
  }

  /** Runs executing in this dispatcher right now (tests, health). */
  get activeCount(): number {
    return this.running.size;
  }

  /** Started and not stopping: claiming due runs (readiness probe, server/ops). */
  get isRunning(): boolean {
    return this.state === "started";
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
