import pg from "pg";
import { RUN_WAKEUP_CHANNEL } from "@/server/engine/run-store-control";
import type { WakeupSource } from "@/server/queue/dispatcher";
import { errorText, type Logger } from "@/server/log";

/**
 * Cross-process wake-ups on PostgreSQL: LISTEN on the channel that the engine
 * NOTIFYs when a run is created, resumed or woken, so a worker in another
 * process claims it at once instead of at its next poll. Only a hint: the
 * dispatcher's ticker still finds everything that is due. The connection is
 * re-opened with backoff when it drops (a restarted database), and every
 * (re)connect triggers a claim pass for what was missed meanwhile. One warning
 * per outage (not one per attempt), and one line when the listener is back.
 */
export function createPgWakeups(url: string, log: Logger): WakeupSource {
  let client: pg.Client | null = null;
  let stopped = true;
  let retryMs = 250;
  let timer: NodeJS.Timeout | undefined;
  /** set from the first failure of an outage until the listener is back */
  let down = false;
  const lost = (error: string, msg: string) => {
    if (down) return;
    down = true;
    log.warn({ error }, msg);
  };

  async function connect(onWake: (runId: string) => void): Promise<void> {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url, application_name: "switchyard-wakeups" });
    const reconnect = () => {
      if (client !== c) return;
      client = null;
      c.removeAllListeners();
      c.end().catch(() => undefined);
      if (stopped) return;
      timer = setTimeout(() => void connect(onWake), retryMs);
      timer.unref();
      retryMs = Math.min(retryMs * 2, 10_000);
    };
    client = c;
    c.on("notification", (msg) => {
      if (msg.channel === RUN_WAKEUP_CHANNEL) onWake(msg.payload ?? "");
    });
    c.on("error", (err) => {
      lost(err.message, "run wake-up listener lost its connection; reconnecting with backoff");
      reconnect();
    });
    c.on("end", reconnect);
    try {
      await c.connect();
      await c.query(`LISTEN ${RUN_WAKEUP_CHANNEL}`);
      retryMs = 250;
      if (down) log.info("run wake-up listener reconnected");
      down = false;
      onWake("");
    } catch (err) {
      lost(errorText(err), "run wake-up listener could not connect; retrying with backoff");
      reconnect();
    }
  }

  return {
    async start(onWake) {
      stopped = false;
      await connect(onWake);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners();
        c.on("error", () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
