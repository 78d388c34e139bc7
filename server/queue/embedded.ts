import type { Engine, ExecuteResult } from "@/server/engine/executor";
import type { RunStore } from "@/server/engine/store";
import type { Dispatcher } from "./dispatcher";
import { clearRunSignalHandler, setRunSignalHandler } from "./signal";

/**
 * Embedded dispatcher: executes runs in this process with bounded concurrency.
 * In-memory queues and timers are only an optimisation; a ticker (period
 * tickMs) finds due runs in the database (QUEUED, PAUSED with a passed timer,
 * RUNNING with an expired lease) and parents whose wake-up was lost, so a
 * restart loses nothing.
 */
export interface EmbeddedDispatcherOptions {
  engine: Engine;
  store: Pick<RunStore, "findDue" | "findStrandedParents" | "wakeParent">;
  concurrency: number;
  tickMs: number;
  /** Receive createRun/resume/cancel signals of this process (default true). */
  registerSignal?: boolean;
  /** How long stop() waits for running steps (default 10 s). */
  stopTimeoutMs?: number;
  now?: () => Date;
  log?: (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;
  onResult?: (runId: string, result: ExecuteResult) => void;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const STRANDED_EVERY_TICKS = 20;

export class EmbeddedDispatcher implements Dispatcher {
  private readonly pending: string[] = [];
  private readonly pendingSet = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private stopCtl = new AbortController();
  private ticker: NodeJS.Timeout | undefined;
  private ticking = false;
  private pullScheduled = false;
  private ticks = 0;
  private state: "idle" | "started" | "stopping" = "idle";
  private readonly signalHandler = (runId: string, at?: Date) => this.enqueue(runId, at ? { at } : undefined);

  constructor(private readonly o: EmbeddedDispatcherOptions) {}

  private now(): number {
    return (this.o.now?.() ?? new Date()).getTime();
  }

  enqueue(runId: string, opts?: { at?: Date }): void {
    if (this.state !== "started") return;
    const delay = opts?.at ? opts.at.getTime() - this.now() : 0;
    if (delay > 0) {
      const at = this.now() + delay;
      const existing = this.timers.get(runId);
      if (existing && existing.at <= at) return;
      if (existing) clearTimeout(existing.timer);
      const timer = setTimeout(() => {
        this.timers.delete(runId);
        this.enqueue(runId);
      }, Math.min(delay, MAX_TIMER_MS));
      timer.unref();
      this.timers.set(runId, { at, timer });
      return;
    }
    if (this.running.has(runId)) {
      // The run may change state after the current execution returns (e.g. resumed while pausing).
      this.again.add(runId);
      return;
    }
    if (this.pendingSet.has(runId)) return;
    this.pendingSet.add(runId);
    this.pending.push(runId);
    this.pump();
  }

  private pump(): void {
    while (this.state === "started" && this.running.size < this.o.concurrency && this.pending.length > 0) {
      const runId = this.pending.shift() as string;
      this.pendingSet.delete(runId);
      this.running.set(runId, this.execute(runId));
    }
  }

  private async execute(runId: string): Promise<void> {
    try {
      const result = await this.o.engine.executeRun(runId, { stop: this.stopCtl.signal });
      this.o.onResult?.(runId, result);
      if ((result.kind === "paused" || result.kind === "requeued") && result.wakeAt) this.enqueue(runId, { at: result.wakeAt });
    } catch (err) {
      this.o.log?.("error", "run execution failed; the run is retried when its lease expires", { runId, error: errorText(err) });
    } finally {
      this.running.delete(runId);
      if (this.again.delete(runId)) this.enqueue(runId);
      this.pump();
      // Capacity left and nothing in memory: pull the next due runs now instead of at the next tick.
      if (this.pending.length === 0 && this.state === "started" && !this.pullScheduled) {
        this.pullScheduled = true;
        setImmediate(() => {
          this.pullScheduled = false;
          void this.tick(false);
        });
      }
    }
  }

  private async tick(periodic = true): Promise<void> {
    if (this.ticking || this.state !== "started") return;
    this.ticking = true;
    try {
      if (periodic) this.ticks += 1;
      // Saturated: the queued backlog is already in memory; the database still holds it all.
      if (this.pending.length < this.o.concurrency * 2) {
        const exclude = [...this.pendingSet, ...this.running.keys()];
        const due = await this.o.store.findDue(new Date(this.now()), Math.max(32, this.o.concurrency * 4), exclude);
        for (const id of due) this.enqueue(id);
      }
      if (periodic && this.ticks % STRANDED_EVERY_TICKS === 1) {
        for (const parentId of await this.o.store.findStrandedParents(100)) {
          if (await this.o.store.wakeParent(parentId)) this.enqueue(parentId);
        }
      }
    } catch (err) {
      this.o.log?.("warn", "dispatcher tick failed", { error: errorText(err) });
    } finally {
      this.ticking = false;
    }
  }

  async start(): Promise<void> {
    if (this.state === "started") return;
    this.state = "started";
    this.stopCtl = new AbortController();
    if (this.o.registerSignal !== false) setRunSignalHandler(this.signalHandler);
    this.ticker = setInterval(() => void this.tick(), this.o.tickMs);
    await this.tick();
  }

  async stop(): Promise<void> {
    if (this.state !== "started") return;
    this.state = "stopping";
    if (this.ticker) clearInterval(this.ticker);
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
    this.pending.length = 0;
    this.pendingSet.clear();
    this.again.clear();
    if (this.o.registerSignal !== false) clearRunSignalHandler(this.signalHandler);
    // Running runs stop before their next step and go back to QUEUED.
    this.stopCtl.abort();
    const all = Promise.allSettled([...this.running.values()]);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.o.stopTimeoutMs ?? 10_000);
      timer.unref();
    });
    await Promise.race([all, timeout]);
    if (timer) clearTimeout(timer);
    while (this.ticking) await new Promise((r) => setTimeout(r, 5));
    this.state = "idle";
  }

  /** Runs executing in this dispatcher right now (tests, health). */
  get activeCount(): number {
    return this.running.size;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

