import pg from "pg";
import { z } from "zod";
import { ingestRunChanges, onFirstRunChangeSubscriber, setRunChangeForwarder, type RunChangeHint } from "./run-changes";
import { errorText, logger } from "@/server/log";

/**
 * Run changes across processes on PostgreSQL (live updates with standalone
 * workers, `npm run worker`): a worker forwards its coalesced run changes
 * with NOTIFY on RUN_CHANGES_CHANNEL (one notification per flush, split below
 * PostgreSQL's 8,000-byte payload limit), and each web process LISTENs while
 * at least one live stream is open there. Separate from the wake-up channel
 * (server/runtime/pg-wakeups.ts, RUN_WAKEUP_CHANNEL) because wake-ups go to
 * workers and changes go to web processes. Hints only: a lost notification
 * costs a live update, never data (pages refetch on reconnect).
 *
 * SQLite has no cross-process notification: a standalone worker on SQLite is
 * not a supported deployment for live updates (the web process only hears runs
 * executed by its own embedded engine).
 */
export const RUN_CHANGES_CHANNEL = "switchyard_run_changes";
const MAX_PAYLOAD = 7_500;

const compactHint = z.object({
  r: z.string().min(1).max(64),
  w: z.string().max(64).optional(),
  a: z.string().max(64).optional(),
  s: z.string().max(32).optional(),
  l: z.literal(1).optional(),
  t: z.literal(1).optional(),
});
const payloadSchema = z.array(compactHint).max(1000);

function compact(h: RunChangeHint): z.infer<typeof compactHint> {
  return {
    r: h.runId,
    ...(h.workspaceId ? { w: h.workspaceId } : {}),
    ...(h.automationId ? { a: h.automationId } : {}),
    ...(h.status ? { s: h.status } : {}),
    ...(h.lookup ? { l: 1 as const } : {}),
    ...(h.steps ? { t: 1 as const } : {}),
  };
}

/** Splits hints into JSON payloads that each fit in one NOTIFY. */
export function encodeRunChanges(hints: readonly RunChangeHint[]): string[] {
  const out: string[] = [];
  let parts: string[] = [];
  let size = 2;
  for (const h of hints) {
    const part = JSON.stringify(compact(h));
    if (parts.length > 0 && size + part.length + 1 > MAX_PAYLOAD) {
      out.push(`[${parts.join(",")}]`);
      parts = [];
      size = 2;
    }
    parts.push(part);
    size += part.length + 1;
  }
  if (parts.length > 0) out.push(`[${parts.join(",")}]`);
  return out;
}

export function decodeRunChanges(payload: string): RunChangeHint[] {
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return [];
  }
  const parsed = payloadSchema.safeParse(raw);
  if (!parsed.success) return [];
  return parsed.data.map((c) => ({
    runId: c.r,
    ...(c.w ? { workspaceId: c.w } : {}),
    ...(c.a ? { automationId: c.a } : {}),
    ...(c.s ? { status: c.s } : {}),
    ...(c.l ? { lookup: true } : {}),
    ...(c.t ? { steps: true } : {}),
  }));
}

/**
 * A standalone worker: send this process's run changes with NOTIFY instead of publishing them locally
 * (nobody listens here). One connection, opened on first use, re-opened after an error.
 */
export function forwardRunChangesToPostgres(url: string): { stop(): Promise<void> } {
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let queue = Promise.resolve();
  const connection = (): Promise<pg.Client> => {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString: url, application_name: "switchyard-run-changes" });
      c.on("error", () => {
        if (client === c) client = null;
      });
      await c.connect();
      client = c;
      return c;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  };
  setRunChangeForwarder((hints) => {
    queue = queue
      .then(async () => {
        const c = await connection();
        for (const payload of encodeRunChanges(hints)) await c.query("SELECT pg_notify($1, $2)", [RUN_CHANGES_CHANNEL, payload]);
      })
      .catch((err: unknown) => {
        logger().warn({ error: errorText(err) }, "run changes could not be sent (live updates of web processes)");
        const c = client;
        client = null;
        c?.end().catch(() => undefined);
      });
  });
  return {
    async stop() {
      setRunChangeForwarder(null);
      await queue;
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}

const LISTENER_KEY = Symbol.for("switchyard.runtime.run-changes-pg");
interface ListenerSlot {
  client: pg.Client | null;
  stopped: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

function listenerSlot(): ListenerSlot | undefined {
  return (globalThis as unknown as Record<symbol, ListenerSlot | undefined>)[LISTENER_KEY];
}

/** A web process: LISTEN for workers' run changes from the first live stream on (once per process). */
export function listenForRunChanges(url: string): void {
  const g = globalThis as unknown as Record<symbol, ListenerSlot | undefined>;
  if (g[LISTENER_KEY] && !g[LISTENER_KEY].stopped) return;
  const slot: ListenerSlot = { client: null, stopped: false };
  g[LISTENER_KEY] = slot;
  onFirstRunChangeSubscriber(() => void connectListener(slot, url, 250));
}

/** Closes the listener (tests, shutdown). */
export async function stopListeningForRunChanges(): Promise<void> {
  const slot = listenerSlot();
  if (!slot) return;
  slot.stopped = true;
  if (slot.timer) clearTimeout(slot.timer);
  const c = slot.client;
  slot.client = null;
  if (c) {
    c.removeAllListeners();
    c.on("error", () => undefined);
    await c.end().catch(() => undefined);
  }
}

async function connectListener(slot: ListenerSlot, url: string, retryMs: number): Promise<void> {
  if (slot.stopped) return;
  const c = new pg.Client({ connectionString: url, application_name: "switchyard-live" });
  slot.client = c;
  let retried = false;
  const retry = () => {
    if (retried || slot.client !== c) return;
    retried = true;
    slot.client = null;
    c.removeAllListeners();
    c.on("error", () => undefined);
    c.end().catch(() => undefined);
    if (slot.stopped) return;
    slot.timer = setTimeout(() => void connectListener(slot, url, Math.min(retryMs * 2, 10_000)), retryMs);
    slot.timer.unref();
  };
  c.on("notification", (msg) => {
    if (msg.channel === RUN_CHANGES_CHANNEL && msg.payload) ingestRunChanges(decodeRunChanges(msg.payload));
  });
  c.on("error", (err) => {
    logger().warn({ error: err.message }, "run change listener lost its connection; reconnecting");
    retry();
  });
  c.on("end", retry);
  try {
    await c.connect();
    await c.query(`LISTEN ${RUN_CHANGES_CHANNEL}`);
  } catch (err) {
    if (slot.stopped) return;
    logger().warn({ error: errorText(err) }, "run change listener could not connect; retrying");
    retry();
  }
}
