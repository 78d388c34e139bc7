import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { fatal, type JsonValue, type Sandbox, type SandboxResult } from "@/server/engine/contract";

/**
 * Sandbox for code steps: QuickJS (wasm) inside a worker thread.
 *
 * Layers of containment:
 *  - QuickJS has no process/require/fs/network; the only host function is console.
 *  - Input goes in and the result comes out as JSON strings (no host objects cross).
 *  - QuickJS interrupt deadline + 256 KB stack limit + a capped wasm memory (worker.mjs).
 *  - A hard wall-clock timer calls worker.terminate(): QuickJS checks its deadline only
 *    every few thousand operations, so native-heavy loops can ignore it.
 *  - worker resourceLimits bound the worker's own V8 heap.
 * Workers are pooled per memory size and reused only after clean evaluations.
 */

export interface SandboxOptions {
  /** Absolute path of worker.mjs; defaults to <cwd>/server/integrations/sandbox/worker.mjs. */
  workerPath?: string;
  /** Evaluations running at the same time (others queue). */
  maxConcurrent?: number;
  /** Extra time the worker gets beyond timeoutMs before it is terminated. */
  graceMs?: number;
  /** Idle workers kept per memory size. */
  maxIdlePerSize?: number;
  /** Evaluations one worker serves before it is replaced. */
  maxUsesPerWorker?: number;
}

export interface ClosableSandbox extends Sandbox {
  /** Terminates every worker (tests, shutdown). */
  close(): Promise<void>;
}

const WORKER_RELATIVE_PATH = path.join("server", "integrations", "sandbox", "worker.mjs");
const STARTUP_TIMEOUT_MS = 15_000;
export const SANDBOX_LIMITS = { minTimeoutMs: 10, maxTimeoutMs: 60_000, minMemoryMb: 8, maxMemoryMb: 1024 } as const;

type WorkerReply =
  | { type: "ready" }
  | { type: "result"; ok: true; json: string; logs: string[]; reusable: boolean }
  | { type: "result"; ok: false; code: string; message: string; line: number | null; logs: string[]; reusable: boolean };

interface PooledWorker {
  worker: Worker;
  memoryMb: number;
  uses: number;
  ready: Promise<void>;
}

function resolveWorkerPath(explicit?: string): string {
  // Resolved from the working directory on purpose: bundlers (Next.js) rewrite
  // `new URL("./worker.mjs", import.meta.url)`, and the worker must stay a plain file.
  const file = explicit ?? path.join(/* turbopackIgnore: true */ process.cwd(), WORKER_RELATIVE_PATH);
  if (!existsSync(/* turbopackIgnore: true */ file)) {
    throw fatal(`Code steps are unavailable: the sandbox worker was not found at ${file}. Start the server from the project directory.`, "SANDBOX_UNAVAILABLE");
  }
  return file;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(n)));
}

/** The abort reason as something to reject with (AbortSignal.reason is `any`). */
function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error("The code step was aborted");
}

/** Resolves with `ready`, or rejects as soon as `signal` aborts. */
function untilReadyOrAborted(ready: Promise<void>, signal?: AbortSignal): Promise<void> {
  if (!signal) return ready;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    ready.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}
  /** Waits for a slot; an abort while queued leaves the queue and rejects with the reason. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw abortReason(signal);
    if (this.active >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        };
        const onAbort = () => {
          const i = this.waiting.indexOf(wake);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(abortReason(signal as AbortSignal));
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        this.waiting.push(wake);
      });
    }
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }
}

export function createSandbox(options: SandboxOptions = {}): ClosableSandbox {
  const graceMs = options.graceMs ?? 500;
  const maxIdle = options.maxIdlePerSize ?? 2;
  const maxUses = options.maxUsesPerWorker ?? 100;
  const slots = new Semaphore(options.maxConcurrent ?? 4);
  const idle = new Map<number, PooledWorker[]>();
  const all = new Set<PooledWorker>();
  let closed = false;

  function spawn(memoryMb: number): PooledWorker {
    const worker = new Worker(/* turbopackIgnore: true */ resolveWorkerPath(options.workerPath), {
      workerData: { memoryMb },
      execArgv: [],
      env: {},
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the sandbox worker did not start within ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS);
      worker.once("message", (m: WorkerReply) => {
        clearTimeout(timer);
        if (m.type === "ready") resolve();
        else reject(new Error("the sandbox worker sent an unexpected first message"));
      });
      worker.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      worker.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the sandbox worker exited during startup (code ${code})`));
      });
    });
    ready.catch(() => undefined);
    const pooled: PooledWorker = { worker, memoryMb, uses: 0, ready };
    all.add(pooled);
    // A crash while idle must not become an unhandled 'error' event in the host.
    worker.on("error", () => undefined);
    worker.once("exit", () => {
      all.delete(pooled);
      const list = idle.get(memoryMb);
      if (list) idle.set(memoryMb, list.filter((w) => w !== pooled));
    });
    return pooled;
  }

  /**
   * Keeps one started worker in reserve per memory size: an evaluation that ends in
   * worker.terminate() (abort, timeout, memory) must not make the next one wait for a
   * QuickJS start-up (~0.2-0.5 s on a busy machine).
   */
  function keepSpare(memoryMb: number): void {
    if (closed || (idle.get(memoryMb)?.length ?? 0) > 0) return;
    const spare = spawn(memoryMb);
    spare.worker.unref();
    idle.set(memoryMb, [spare]);
  }

  function take(memoryMb: number): PooledWorker {
    const reused = idle.get(memoryMb)?.pop();
    const p = reused ?? spawn(memoryMb);
    p.worker.ref();
    keepSpare(memoryMb);
    return p;
  }

  function giveBack(p: PooledWorker): void {
    const list = idle.get(p.memoryMb) ?? [];
    if (p.uses >= maxUses || list.length >= maxIdle || !all.has(p)) {
      void p.worker.terminate();
      return;
    }
    p.worker.unref();
    list.push(p);
    idle.set(p.memoryMb, list);
  }

  /**
   * Stops a worker busy with code that must not finish. Termination runs in the background
   * (V8 stops the thread even inside a wasm loop); the spare from take() serves the next one.
   */
  function kill(p: PooledWorker): void {
    all.delete(p);
    void p.worker.terminate().catch(() => undefined);
  }

  function evaluate(p: PooledWorker, code: string, inputJson: string, timeoutMs: number, signal?: AbortSignal): Promise<WorkerReply & { type: "result" }> {
    const { worker, memoryMb } = p;
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        fn();
      };
      // Cancel or step timeout: the thread may be spinning in user code that ignores
      // everything, so it is terminated and the caller (and its slot) let go at once,
      // not when the code's own time limit would have run out.
      const onAbort = () => {
        finish(() => {
          kill(p);
          reject(abortReason(signal as AbortSignal));
        });
      };
      const onMessage = (m: WorkerReply) => {
        if (m.type === "result") finish(() => resolve(m));
      };
      const onError = (e: Error & { code?: string }) => {
        finish(() => {
          if (e.code === "ERR_WORKER_OUT_OF_MEMORY") reject(fatal(`Code step exceeded its ${memoryMb} MB memory limit`, "CODE_MEMORY"));
          else reject(fatal(`The code sandbox crashed: ${e.message}`, "CODE_ERROR"));
        });
      };
      const onExit = (exitCode: number) => {
        finish(() => reject(fatal(`The code sandbox stopped unexpectedly (exit code ${exitCode})`, "CODE_ERROR")));
      };
      const timer = setTimeout(() => {
        finish(() => {
          kill(p);
          reject(fatal(`Code step exceeded its ${timeoutMs} ms time limit`, "CODE_TIMEOUT"));
        });
      }, timeoutMs + graceMs);
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      signal?.addEventListener("abort", onAbort, { once: true });
      worker.postMessage({ type: "run", code, inputJson, timeoutMs });
    });
  }

  return {
    async run(code: string, input: JsonValue, opts: { timeoutMs: number; memoryMb: number; signal?: AbortSignal }): Promise<SandboxResult> {
      const { signal } = opts;
      const timeoutMs = clamp(opts.timeoutMs, SANDBOX_LIMITS.minTimeoutMs, SANDBOX_LIMITS.maxTimeoutMs);
      const memoryMb = clamp(opts.memoryMb, SANDBOX_LIMITS.minMemoryMb, SANDBOX_LIMITS.maxMemoryMb);
      const inputJson = JSON.stringify(input ?? null);
      const release = await slots.acquire(signal);
      try {
        const p = take(memoryMb);
        try {
          await untilReadyOrAborted(p.ready, signal);
        } catch (e) {
          // Aborted while the worker was starting: it is healthy, so it goes back to the pool.
          if (signal?.aborted) {
            giveBack(p);
            throw abortReason(signal);
          }
          kill(p);
          const why = e instanceof Error ? e.message : String(e);
          throw fatal(`Code steps are unavailable: ${why}`, "SANDBOX_UNAVAILABLE");
        }
        p.uses++;
        const reply = await evaluate(p, code, inputJson, timeoutMs, signal);
        if (reply.reusable) giveBack(p);
        else kill(p);
        if (reply.ok) return { value: parseResult(reply.json), logs: reply.logs };
        const where = reply.line !== null ? ` (line ${reply.line})` : "";
        throw fatal(`${reply.message}${where}`, reply.code, { line: reply.line, logs: reply.logs });
      } finally {
        release();
      }
    },
    async close(): Promise<void> {
      closed = true;
      idle.clear();
      const workers = [...all];
      all.clear();
      await Promise.all(workers.map((p) => p.worker.terminate()));
    },
  };
}

/** The worker serializes with the engine's own JSON.stringify, so this only fails on a bug; it must still read clearly. */
function parseResult(json: string): JsonValue {
  try {
    return JSON.parse(json) as JsonValue;
  } catch {
    throw fatal("The code step's return value could not be read back as JSON", "CODE_ERROR");
  }
}

let shared: ClosableSandbox | undefined;

/** The process-wide sandbox. */
export function getSandbox(): ClosableSandbox {
  shared ??= createSandbox();
  return shared;
}
