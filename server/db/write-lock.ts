import { threadId } from "node:worker_threads";

/**
 * A writer mutex shared by the threads of one process (SharedArrayBuffer +
 * Atomics), taken around the synchronous SQLite write transactions of the hot
 * paths: the ingress's run creation on the main thread and the engine's claims
 * and step commits on the engine thread (server/runtime/engine-host.ts).
 *
 * Why: two connections to one SQLite file serialize their writes on the file
 * lock, and a connection that finds it taken sleeps in SQLite's busy handler
 * (1, 2, 5, 10 … ms) — far longer than the 20–50 µs such a transaction holds
 * it. Under load both threads then spent most of their time asleep. Waiting on
 * this mutex instead wakes the waiter (futex) the moment the holder commits.
 * The database's own locking still applies underneath (other processes,
 * Prisma transactions). Without an installed lock (one thread) it is a no-op.
 *
 * The word holds 0 (free) or the holder's threadId + 1, so the host can free
 * it if the engine thread dies while holding it (it cannot otherwise: the
 * transactions it guards are synchronous).
 */
const KEY = Symbol.for("switchyard.db.writeLock");
/** a waiter re-checks at least this often (ms), e.g. after a holder died */
const WAIT_SLICE_MS = 20;
const me = threadId + 1;

function slot(): { view: Int32Array | null; depth: number } {
  const g = globalThis as unknown as Record<symbol, { view: Int32Array | null; depth: number } | undefined>;
  let s = g[KEY];
  if (!s) {
    s = { view: null, depth: 0 };
    g[KEY] = s;
  }
  return s;
}

/** Installs a lock in this thread (created when `buffer` is omitted) and returns its buffer to hand to other threads. */
export function installWriteLock(buffer?: SharedArrayBuffer): SharedArrayBuffer {
  const s = slot();
  const buf = buffer ?? (s.view?.buffer as SharedArrayBuffer | undefined) ?? new SharedArrayBuffer(4);
  s.view = new Int32Array(buf);
  return buf;
}

/** Runs `fn` (synchronous) holding the process's writer mutex, if one is installed. Re-entrant. */
export function withWriteLock<T>(fn: () => T): T {
  const s = slot();
  const a = s.view;
  if (!a) return fn();
  if (s.depth > 0) return fn();
  for (;;) {
    const holder = Atomics.compareExchange(a, 0, 0, me);
    if (holder === 0) break;
    Atomics.wait(a, 0, holder, WAIT_SLICE_MS);
  }
  s.depth++;
  try {
    return fn();
  } finally {
    s.depth--;
    Atomics.store(a, 0, 0);
    Atomics.notify(a, 0, 1);
  }
}

/** Frees the lock if the (dead) thread `holderThreadId` still holds it. */
export function releaseWriteLockOf(holderThreadId: number): void {
  const a = slot().view;
  if (!a) return;
  if (Atomics.compareExchange(a, 0, holderThreadId + 1, 0) === holderThreadId + 1) Atomics.notify(a, 0);
}
