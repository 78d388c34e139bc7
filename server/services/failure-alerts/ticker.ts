import type { Db } from "@/server/db";
import type { Mailer } from "@/server/engine/contract";
import { env } from "@/server/env";
import { createMailer } from "@/server/integrations/mail";
import { scanFailedRuns, type ScanResult } from "./scan";
import { sendDueAlerts, type SendResult } from "./send";

/** Period of the failure-alert loop: a failure is alerted (or joins its digest) at most this late. */
export const FAILURE_ALERT_TICK_MS = 5_000;
/** Sent alerts are kept this long (the dedupe of the scan needs them only for its 60 s overlap). */
export const ALERT_RETENTION_MS = 30 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 10 * 60_000;

export type FailureAlertPass = ScanResult & SendResult & { pruned: number };

/** Deletes sent alerts older than the retention, in small batches. */
export async function pruneSentAlerts(db: Db, now: Date, retentionMs = ALERT_RETENTION_MS, batch = 1_000): Promise<number> {
  const old = await db.failureAlert.findMany({ where: { sentAt: { lt: new Date(now.getTime() - retentionMs) } }, select: { id: true }, take: batch });
  if (old.length === 0) return 0;
  return (await db.failureAlert.deleteMany({ where: { id: { in: old.map((a) => a.id) } } })).count;
}

/**
 * The failure-alert loop, started next to the schedule ticker and the webhook
 * delivery loop in every process that runs the engine: a scan (failed runs →
 * FailureAlert rows, durable behind a cursor) then a send pass (claimed
 * messages). Passes never overlap within a process; several processes share
 * the work through the database (the cursor fence and the claims).
 */
export class FailureAlertTicker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<FailureAlertPass> | null = null;
  private lastPrune = 0;
  private mailer: Mailer | undefined;

  constructor(
    private readonly o: {
      db: Db;
      periodMs?: number;
      mailer?: Mailer;
      appUrl?: string;
      staleMs?: number;
      onPass?: (r: FailureAlertPass) => void;
      onError?: (err: unknown) => void;
    },
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.running) void this.pass().catch((err: unknown) => this.o.onError?.(err));
    }, this.o.periodMs ?? FAILURE_ALERT_TICK_MS);
    this.timer.unref?.();
  }

  pass(now?: Date): Promise<FailureAlertPass> {
    this.running ??= (async () => {
      const at = now ?? new Date();
      const scan = await scanFailedRuns(this.o.db, at);
      this.mailer ??= this.o.mailer ?? createMailer({ db: this.o.db });
      const sent = await sendDueAlerts(this.o.db, { mailer: this.mailer, appUrl: this.o.appUrl ?? env().APP_URL, now: at, staleMs: this.o.staleMs });
      let pruned = 0;
      if (at.getTime() - this.lastPrune >= PRUNE_EVERY_MS) {
        this.lastPrune = at.getTime();
        pruned = await pruneSentAlerts(this.o.db, at);
      }
      const r: FailureAlertPass = { ...scan, ...sent, pruned };
      if (r.created > 0 || r.messages > 0 || r.failed > 0 || r.dropped > 0) this.o.onPass?.(r);
      return r;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
