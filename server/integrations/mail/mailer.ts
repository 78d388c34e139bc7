import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/server/db";
import { env } from "@/server/env";
import { fatal, retryable, type MailMessage, type Mailer, type StepError } from "@/server/engine/contract";
import { DeliveryError, startDelivery } from "./smtp";
import { claimSuffix, handOverMarker, isHandedOver, markedAt, sendingMarker, type MailRecord } from "./records";
import { storedBodies } from "./redact";

/**
 * Mailer for send_email steps. With SMTP_URL set it sends over SMTP and records the
 * message in OutboxEmail; without it, the message is only stored there (STORED) so it
 * can be read in the UI. The OutboxEmail row, unique per (workspaceId, stepKey = the
 * step's idempotency key), is also the send marker that makes a send happen once:
 *
 *  - SENT / STORED: done; every later attempt returns the row.
 *  - SENDING: an attempt claimed the send (atomically; its `error` column says since when
 *    and whether the message was already handed to the server). A timed-out or cancelled
 *    attempt does not abandon a message the server already has: its transaction finishes
 *    in the background and records SENT or FAILED, and the retry waits for that record
 *    instead of sending again. A SENDING row older than the transaction limit belongs to
 *    a process that died: sent again only if it never handed the message over.
 *  - UNCONFIRMED: handed over, but no reply came (connection lost, transaction limit,
 *    or the sender died): the step fails with SMTP_UNCONFIRMED and the message is never
 *    sent again (a duplicate is worse than a visible failure).
 *  - FAILED: a definite failure (or a cancel before the hand-over); the retry sends.
 *
 * The Message-ID is derived from the step key, so even a receiver sees one message.
 */

export interface MailerOptions {
  db: Db;
  /** Overrides env().SMTP_URL ("" = outbox only). Read from env on every send otherwise. */
  smtpUrl?: string;
  /** Overrides env().SMTP_FROM. */
  from?: string;
  /** Hard limit of one SMTP transaction, connect to final reply (default 60 s). */
  deliveryTimeoutMs?: number;
  /** How often a retry re-reads a send still in progress in another process (default 250 ms). */
  pollMs?: number;
}

export type { MailRecord } from "./records";

const RECORD_SELECT = { id: true, status: true, transport: true, messageId: true, error: true } as const;
const DONE_STATUSES = ["SENT", "STORED"];
/** How long past the transaction limit a SENDING row may stay before its owner is presumed dead. */
const STALE_MARGIN_MS = 15_000;

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

function stableMessageId(workspaceId: string, stepKey: string): string {
  const digest = createHash("sha256").update(`${workspaceId}\n${stepKey}`).digest("hex").slice(0, 32);
  return `<${digest}@switchyard.local>`;
}

/** SMTP replies 5xx are permanent (bad recipient, rejected content); everything else may pass on retry. */
function smtpFailure(e: DeliveryError): StepError {
  const message = `Could not send the email over SMTP: ${e.message}`;
  if (e.responseCode !== null && e.responseCode >= 500 && e.responseCode < 600) {
    return fatal(message, "SMTP_REJECTED", { responseCode: e.responseCode });
  }
  return retryable(message, "SMTP_ERROR", { responseCode: e.responseCode, errno: e.errno });
}

function unconfirmed(messageId: string, why: string): StepError {
  return fatal(
    `The email was handed to the mail server but its delivery was never confirmed (${why}). ` +
      `It is not sent again, to avoid a duplicate; check the mail server's log for Message-ID ${messageId}.`,
    "SMTP_UNCONFIRMED",
    { messageId },
  );
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error("The email step was aborted");
}

/** Resolves with `p`, or rejects with the abort reason as soon as `signal` fires (p keeps running). */
function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined, onAbort?: () => void): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) {
    onAbort?.();
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort?.();
      reject(abortReason(signal));
    };
    signal.addEventListener("abort", abort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createMailer(options: MailerOptions): Mailer & { drain(): Promise<void> } {
  const { db } = options;
  const totalMs = options.deliveryTimeoutMs ?? 60_000;
  const pollMs = options.pollMs ?? 250;
  /** Transactions of this process still running (also those whose step already gave up on them). */
  const inflight = new Map<string, Promise<unknown>>();
  const keyOf = (workspaceId: string, stepKey: string) => ({ workspaceId_stepKey: { workspaceId, stepKey } });

  /** The stored copy: secrets listed in msg.redact never reach the database in clear (see ./redact). */
  function fieldsOf(runId: string, from: string, msg: MailMessage, mode: "smtp" | "outbox") {
    const { text, html } = storedBodies(msg, mode);
    return {
      runId,
      from,
      to: msg.to.join(", "),
      cc: msg.cc.join(", "),
      bcc: msg.bcc.join(", "),
      subject: msg.subject,
      text,
      html,
    };
  }

  /** Takes the send atomically: creates the row, or moves it from `row.status` (FAILED, or a dead SENDING) to SENDING. */
  async function claim(workspaceId: string, stepKey: string, row: MailRecord | null, data: ReturnType<typeof fieldsOf>, marker: string, messageId: string): Promise<boolean> {
    const sending = { ...data, status: "SENDING", transport: "smtp", messageId, error: marker };
    if (!row) {
      try {
        await db.outboxEmail.create({ data: { workspaceId, stepKey, ...sending }, select: { id: true } });
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    }
    // Compare-and-set on status and marker: of two attempts that read the same row, one wins.
    const won = await db.outboxEmail.updateMany({ where: { workspaceId, stepKey, status: row.status, error: row.error }, data: sending });
    return won.count === 1;
  }

  /** Runs the transaction and records its outcome, whoever is still waiting for it. */
  async function deliver(workspaceId: string, stepKey: string, smtpUrl: string, from: string, msg: MailMessage, runId: string, token: string, messageId: string, signal?: AbortSignal) {
    const ours = { workspaceId, stepKey, status: "SENDING", error: { endsWith: claimSuffix(token) } };
    const delivery = startDelivery(
      smtpUrl,
      { from, to: msg.to, cc: msg.cc, bcc: msg.bcc, subject: msg.subject, text: msg.text, html: msg.html, messageId, headers: { "X-Switchyard-Run": runId } },
      {
        totalMs,
        // Durable before the first byte: after a crash, this decides between resend and SMTP_UNCONFIRMED.
        async beforeHandOver() {
          const r = await db.outboxEmail.updateMany({ where: ours, data: { error: handOverMarker(new Date(), token) } });
          if (r.count !== 1) throw new Error("the send was taken over by another attempt");
        },
      },
    );
    const record = (async (): Promise<MailRecord> => {
      try {
        await delivery.done;
        // The server accepted the message: recorded whatever happened to the claim meanwhile.
        return await db.outboxEmail.update({ where: keyOf(workspaceId, stepKey), data: { status: "SENT", messageId, error: null }, select: RECORD_SELECT });
      } catch (e) {
        if (!(e instanceof DeliveryError)) throw e;
        // Handed over and no reply: the server may have the message, so it is never sent again.
        const lost = e.handedOver && e.responseCode === null;
        const failure = lost ? unconfirmed(messageId, e.message) : smtpFailure(e);
        const note = e.cancelled ? `Not sent: the step was stopped before the message reached the mail server (${e.message})` : failure.message;
        await db.outboxEmail.updateMany({ where: ours, data: { status: lost ? "UNCONFIRMED" : "FAILED", error: note } });
        throw failure;
      }
    })();
    const key = `${workspaceId}\n${stepKey}`;
    inflight.set(key, record);
    void record.catch(() => undefined).finally(() => inflight.delete(key));
    // Cancel/timeout: drop the transaction if the message has not left yet; otherwise let
    // it finish in the background (the retry waits for its record) and give up waiting now.
    return abortable(record, signal, () => delivery.cancel("the step was stopped (timeout or cancel)"));
  }

  return {
    async send(workspaceId, stepKey, runId, msg, opts = {}) {
      const { signal, transport } = opts;
      // A step with an SMTP connection sends through that server, from its sender.
      const from = transport?.from ?? options.from ?? env().SMTP_FROM;
      const smtpUrl = transport?.smtpUrl ?? options.smtpUrl ?? env().SMTP_URL ?? "";
      const messageId = stableMessageId(workspaceId, stepKey);
      const data = fieldsOf(runId, from, msg, smtpUrl ? "smtp" : "outbox");
      for (;;) {
        if (signal?.aborted) throw abortReason(signal);
        // An earlier attempt of this step in this process is still in its transaction: its record decides.
        const running = inflight.get(`${workspaceId}\n${stepKey}`);
        if (running) {
          await abortable(running.catch(() => undefined), signal);
          continue;
        }
        const row = await db.outboxEmail.findUnique({ where: keyOf(workspaceId, stepKey), select: RECORD_SELECT });
        if (row && DONE_STATUSES.includes(row.status)) return toResult(row);
        if (row?.status === "UNCONFIRMED") throw unconfirmed(messageId, "an earlier attempt got no reply after handing it over");
        if (!smtpUrl) {
          // Outbox mode: the row keyed by the step key is the whole effect, so an upsert is idempotent.
          const stored = { ...data, status: "STORED", transport: "outbox", messageId: null, error: null };
          const saved = await db.outboxEmail
            .upsert({ where: keyOf(workspaceId, stepKey), create: { workspaceId, stepKey, ...stored }, update: stored, select: RECORD_SELECT })
            .catch(async (e: unknown) => {
              if (!isUniqueViolation(e)) throw e;
              return db.outboxEmail.findUniqueOrThrow({ where: keyOf(workspaceId, stepKey), select: RECORD_SELECT });
            });
          return toResult(saved);
        }
        if (row?.status === "SENDING") {
          const since = markedAt(row.error);
          const dead = since === null || Date.now() - since.getTime() > totalMs + STALE_MARGIN_MS;
          if (!dead) {
            // Another process's transaction: its record decides (sleep, then read again).
            await abortable(sleep(pollMs), signal);
            continue;
          }
          if (isHandedOver(row.error)) {
            const failure = unconfirmed(messageId, "the process sending it stopped before the server replied");
            await db.outboxEmail.updateMany({ where: { workspaceId, stepKey, status: "SENDING", error: row.error }, data: { status: "UNCONFIRMED", error: failure.message } });
            throw failure;
          }
        }
        const token = randomBytes(6).toString("hex");
        if (!(await claim(workspaceId, stepKey, row, data, sendingMarker(new Date(), token), messageId))) continue;
        return toResult(await deliver(workspaceId, stepKey, smtpUrl, from, msg, runId, token, messageId, signal));
      }
    },
    /** Waits for every transaction of this mailer, including those their steps gave up on. */
    async drain() {
      while (inflight.size > 0) await Promise.allSettled([...inflight.values()]);
    },
  };
}

function toResult(r: MailRecord) {
  return { id: r.id, status: r.status, transport: r.transport, messageId: r.messageId };
}
