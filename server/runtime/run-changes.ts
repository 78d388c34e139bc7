import { randomBytes } from "node:crypto";
import { dbReady, type Db } from "@/server/db";
import { observeRunSignals } from "@/server/queue/signal";
import { isFinishedRunStatus } from "@/lib/statuses";

/**
 * The in-process change bus of runs, for live updates (server-sent events,
 * server/runtime/live.ts). Free of Next.js and tRPC: the engine side only
 * calls noteRunChange().
 *
 * Sources, all "after commit" hints (the database stays the source of truth):
 * - the engine's run store (server/runtime/run-change-store.ts): claim, each
 *   step commit, status changes, RUNNING step rows, takeovers, woken parents;
 * - every run signalled in this process (created, resumed, retried, woken:
 *   server/queue/signal.ts) and announced changes (a queued run cancelled).
 *
 * Hints are coalesced per run for COALESCE_MS, then either forwarded (the
 * engine thread of `npm start` posts them to the main thread; a standalone
 * worker on PostgreSQL NOTIFYs them, server/runtime/run-changes-pg.ts) or
 * resolved and published here: a hint that does not say its workspace,
 * automation or new status is completed with one primary-key query for the
 * whole batch — and only when someone listens. Published events carry a
 * sequence number and stay in a ring buffer, so a reconnecting stream can
 * replay what it missed (Last-Event-ID) or learn that it must refetch.
 */

export const COALESCE_MS = 50;
const RING_SIZE = 2048;
const FACTS_MAX = 20_000;

export interface RunChangeHint {
  runId: string;
  workspaceId?: string;
  automationId?: string;
  /** the new status, when this change set one */
  status?: string;
  /** the status may have changed: read it (signals, announcements) */
  lookup?: boolean;
  /** step rows were written */
  steps?: boolean;
}

export interface RunNotice {
  type: "run";
  id: string;
  status: string;
  automationId: string;
  updatedAt: string;
}
export interface StepsNotice {
  type: "steps";
  runId: string;
}
export type LiveNotice = RunNotice | StepsNotice;

export interface LiveEvent {
  seq: number;
  workspaceId: string;
  automationId: string;
  runId: string;
  notice: LiveNotice;
}

type Listener = (event: LiveEvent) => void;
type Forwarder = (hints: RunChangeHint[]) => void;

interface Bus {
  boot: string;
  seq: number;
  ring: LiveEvent[];
  pending: Map<string, RunChangeHint>;
  timer: ReturnType<typeof setTimeout> | null;
  forwarder: Forwarder | null;
  subscribers: Map<string, Set<Listener>>;
  listening: number;
  db: Db | null;
  /** runId → workspace and automation (never change) */
  facts: Map<string, { workspaceId: string; automationId: string }>;
  chain: Promise<void>;
  onFirstSubscriber: Array<() => void>;
  stats: { flushes: number; hints: number; lookups: number; published: number };
}

const KEY = Symbol.for("switchyard.runtime.run-changes");

function bus(): Bus {
  const g = globalThis as unknown as Record<symbol, Bus | undefined>;
  let b = g[KEY];
  if (!b) {
    const created: Bus = {
      boot: randomBytes(4).toString("hex"),
      seq: 0,
      ring: [],
      pending: new Map(),
      timer: null,
      forwarder: null,
      subscribers: new Map(),
      listening: 0,
      db: null,
      facts: new Map(),
      chain: Promise.resolve(),
      onFirstSubscriber: [],
      stats: { flushes: 0, hints: 0, lookups: 0, published: 0 },
    };
    b = created;
    g[KEY] = created;
    // Runs created, resumed, retried or woken in this process (thread): their new status is read at flush.
    observeRunSignals((runId) => noteRunChange({ runId, lookup: true }));
  }
  return b;
}

function merge(into: RunChangeHint | undefined, h: RunChangeHint): RunChangeHint {
  if (!into) return { ...h };
  const m = into;
  m.workspaceId ??= h.workspaceId;
  m.automationId ??= h.automationId;
  if (h.status !== undefined) {
    m.status = h.status;
    m.lookup = false;
  } else if (h.lookup) {
    m.status = undefined;
    m.lookup = true;
  }
  if (h.steps) m.steps = true;
  return m;
}

/** A run changed (after the commit). Cheap: a map update; one timer per COALESCE_MS for all runs. */
export function noteRunChange(h: RunChangeHint): void {
  const b = bus();
  b.stats.hints++;
  b.pending.set(h.runId, merge(b.pending.get(h.runId), h));
  if (!b.timer) {
    b.timer = setTimeout(flush, COALESCE_MS);
    b.timer.unref?.();
  }
}

function flush(): void {
  const b = bus();
  b.timer = null;
  if (b.pending.size === 0) return;
  const batch = [...b.pending.values()];
  b.pending.clear();
  b.stats.flushes++;
  if (b.forwarder) {
    try {
      b.forwarder(batch);
    } catch {
      // Live updates are hints: a failed forward loses nothing that a refetch would not show.
    }
    return;
  }
  ingestRunChanges(batch);
}

/** Coalesced hints from another thread or process: resolved and published here (in order). */
export function ingestRunChanges(hints: readonly RunChangeHint[]): void {
  const b = bus();
  if (hints.length === 0) return;
  if (b.listening === 0) {
    // Nobody listens: drop, but make a later Last-Event-ID replay see the gap (it refetches instead).
    b.ring = [];
    b.seq++;
    return;
  }
  b.chain = b.chain.then(() => resolveAndPublish(hints)).catch(() => undefined);
}

/** Forward coalesced hints elsewhere instead of publishing them here (engine thread → main thread; worker → NOTIFY). */
export function setRunChangeForwarder(forwarder: Forwarder | null): void {
  bus().forwarder = forwarder;
}

/** The database used to complete hints (default: the process-wide client). */
export function useRunChangesDb(db: Db): void {
  bus().db = db;
}

/** Called once when the first subscriber of this process arrives (e.g. start a PostgreSQL LISTEN). */
export function onFirstRunChangeSubscriber(fn: () => void): void {
  const b = bus();
  if (b.listening > 0) fn();
  else b.onFirstSubscriber.push(fn);
}

async function resolveAndPublish(hints: readonly RunChangeHint[]): Promise<void> {
  const b = bus();
  const need = hints.filter((h) => h.lookup || (!(h.workspaceId && h.automationId) && !b.facts.has(h.runId))).map((h) => h.runId);
  const rows = new Map<string, { workspaceId: string; automationId: string; status: string; updatedAt: Date }>();
  if (need.length > 0) {
    b.stats.lookups++;
    const db = b.db ?? (await dbReady());
    const found = await db.run.findMany({
      where: { id: { in: [...new Set(need)] } },
      select: { id: true, workspaceId: true, automationId: true, status: true, updatedAt: true },
    });
    for (const r of found) rows.set(r.id, r);
  }
  const now = new Date().toISOString();
  for (const h of hints) {
    const row = rows.get(h.runId);
    const facts = h.workspaceId && h.automationId ? { workspaceId: h.workspaceId, automationId: h.automationId } : (b.facts.get(h.runId) ?? row);
    if (!facts) continue; // gone (deleted) or never committed
    if (!b.facts.has(h.runId)) {
      if (b.facts.size >= FACTS_MAX) b.facts.clear();
      b.facts.set(h.runId, { workspaceId: facts.workspaceId, automationId: facts.automationId });
    }
    // a status the change set, or the one read back; none: only steps were written
    const status = h.status ?? (h.lookup ? row?.status : undefined);
    const updatedAt = h.lookup && row ? row.updatedAt.toISOString() : now;
    const run: RunNotice | null = status ? { type: "run", id: h.runId, status, automationId: facts.automationId, updatedAt } : null;
    const steps: StepsNotice | null = h.steps ? { type: "steps", runId: h.runId } : null;
    // A finished run: its last steps come before the final status; otherwise the status (e.g. RUNNING) first.
    const order = run && isFinishedRunStatus(run.status) ? [steps, run] : [run, steps];
    for (const notice of order) if (notice) publish(b, facts.workspaceId, facts.automationId, h.runId, notice);
  }
}

function publish(b: Bus, workspaceId: string, automationId: string, runId: string, notice: LiveNotice): void {
  const event: LiveEvent = { seq: ++b.seq, workspaceId, automationId, runId, notice };
  b.ring.push(event);
  if (b.ring.length > RING_SIZE) b.ring.splice(0, b.ring.length - RING_SIZE);
  b.stats.published++;
  const set = b.subscribers.get(workspaceId);
  if (!set) return;
  for (const l of [...set]) {
    try {
      l(event);
    } catch {
      // one stream's failure must not affect the others
    }
  }
}

/** Subscribes to one workspace's events; returns the unsubscribe function. */
export function subscribeRunChanges(workspaceId: string, listener: Listener): () => void {
  const b = bus();
  let set = b.subscribers.get(workspaceId);
  if (!set) {
    set = new Set();
    b.subscribers.set(workspaceId, set);
  }
  set.add(listener);
  b.listening++;
  if (b.listening === 1) {
    const first = b.onFirstSubscriber.splice(0);
    for (const fn of first) fn();
  }
  let done = false;
  return () => {
    if (done) return;
    done = true;
    b.listening--;
    const s = b.subscribers.get(workspaceId);
    if (!s) return;
    s.delete(listener);
    if (s.size === 0) b.subscribers.delete(workspaceId);
  };
}

/** Event id as sent to the browser: `<boot>-<seq>` (a restarted process has another boot id). */
export function eventId(seq: number): string {
  return `${bus().boot}-${seq}`;
}

/** The id of the latest event (a stream's starting point). */
export function currentEventId(): string {
  const b = bus();
  return `${b.boot}-${b.seq}`;
}

/**
 * The workspace's events after `lastEventId`, or null when they cannot be replayed
 * (another process boot, or older than the ring buffer): the client must refetch.
 */
export function eventsSince(lastEventId: string, workspaceId: string): LiveEvent[] | null {
  const b = bus();
  const dash = lastEventId.lastIndexOf("-");
  if (dash < 0 || lastEventId.slice(0, dash) !== b.boot) return null;
  const seq = Number(lastEventId.slice(dash + 1));
  if (!Number.isInteger(seq) || seq < 0 || seq > b.seq) return null;
  if (seq === b.seq) return [];
  const first = b.ring[0];
  if (!first || first.seq > seq + 1) return null;
  return b.ring.filter((e) => e.seq > seq && e.workspaceId === workspaceId);
}

/** Counters for tests and diagnostics. */
export function runChangeStats(): { flushes: number; hints: number; lookups: number; published: number; listening: number; pending: number } {
  const b = bus();
  return { ...b.stats, listening: b.listening, pending: b.pending.size };
}

/** Tests: publish pending hints now. */
export function flushRunChangesNow(): Promise<void> {
  const b = bus();
  if (b.timer) {
    clearTimeout(b.timer);
    flush();
  }
  return b.chain;
}
