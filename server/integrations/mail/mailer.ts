import { createHash } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import type { Db } from "@/server/db";
import { env } from "@/server/env";
import { fatal, retryable, type MailMessage, type Mailer } from "@/server/engine/contract";

/**
 * Mailer for send_email steps. With SMTP_URL set it sends through nodemailer and
 * records the message in OutboxEmail (SENT / FAILED); without it, the message is
 * only stored in the outbox (STORED) so it can be read in the UI.
 *
 * Idempotent per (workspaceId, stepKey): a SENT or STORED row is returned as is.
 * A crash between the SMTP hand-off and the SENT row can still send twice; the
 * Message-ID is derived from the step key so receivers can de-duplicate.
 */

export interface MailerOptions {
  db: Db;
  /** Overrides env().SMTP_URL ("" = outbox only). Read from env on every send otherwise. */
  smtpUrl?: string;
  /** Overrides env().SMTP_FROM. */
  from?: string;
}

export interface MailRecord {
  id: string;
  status: string;
  transport: string;
  messageId: string | null;
}

const RECORD_SELECT = { id: true, status: true, transport: true, messageId: true } as const;
const DONE_STATUSES = ["SENT", "STORED"];

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

function stableMessageId(workspaceId: string, stepKey: string): string {
  const digest = createHash("sha256").update(`${workspaceId}\n${stepKey}`).digest("hex").slice(0, 32);
  return `<${digest}@switchyard.local>`;
}

/** SMTP replies 5xx are permanent (bad recipient, rejected content); everything else may pass on retry. */
function smtpFailure(e: unknown) {
  const err = e as { message?: string; responseCode?: number; code?: string };
  const message = `Could not send the email over SMTP: ${err.message ?? String(e)}`;
  if (typeof err.responseCode === "number" && err.responseCode >= 500 && err.responseCode < 600) {
    return fatal(message, "SMTP_REJECTED", { responseCode: err.responseCode });
  }
  return retryable(message, "SMTP_ERROR", { responseCode: err.responseCode ?? null, errno: err.code ?? null });
}

export function createMailer(options: MailerOptions): Mailer & { close(): void } {
  const { db } = options;
  const transports = new Map<string, Transporter>();

  const transportFor = (url: string): Transporter => {
    let t = transports.get(url);
    if (!t) {
      t = nodemailer.createTransport(url);
      transports.set(url, t);
    }
    return t;
  };

  async function record(
    workspaceId: string,
    stepKey: string,
    data: { runId: string; from: string; msg: MailMessage; status: string; transport: string; messageId: string | null; error: string | null },
  ): Promise<MailRecord> {
    const fields = {
      runId: data.runId,
      from: data.from,
      to: data.msg.to.join(", "),
      cc: data.msg.cc.join(", "),
      bcc: data.msg.bcc.join(", "),
      subject: data.msg.subject,
      text: data.msg.text,
      html: data.msg.html,
      status: data.status,
      transport: data.transport,
      messageId: data.messageId,
      error: data.error,
    };
    try {
      return await db.outboxEmail.upsert({
        where: { workspaceId_stepKey: { workspaceId, stepKey } },
        create: { workspaceId, stepKey, ...fields },
        update: fields,
        select: RECORD_SELECT,
      });
    } catch (e) {
      // A concurrent attempt inserted the row first: keep whichever finished.
      if (!isUniqueViolation(e)) throw e;
      return db.outboxEmail.update({ where: { workspaceId_stepKey: { workspaceId, stepKey } }, data: fields, select: RECORD_SELECT });
    }
  }

  return {
    async send(workspaceId, stepKey, runId, msg) {
      const existing = await db.outboxEmail.findUnique({ where: { workspaceId_stepKey: { workspaceId, stepKey } }, select: RECORD_SELECT });
      if (existing && DONE_STATUSES.includes(existing.status)) return existing;

      const from = options.from ?? env().SMTP_FROM;
      const smtpUrl = options.smtpUrl ?? env().SMTP_URL ?? "";
      if (!smtpUrl) {
        return record(workspaceId, stepKey, { runId, from, msg, status: "STORED", transport: "outbox", messageId: null, error: null });
      }
      const messageId = stableMessageId(workspaceId, stepKey);
      try {
        const info = (await transportFor(smtpUrl).sendMail({
          from,
          to: msg.to,
          cc: msg.cc.length ? msg.cc : undefined,
          bcc: msg.bcc.length ? msg.bcc : undefined,
          subject: msg.subject,
          text: msg.text || undefined,
          html: msg.html || undefined,
          messageId,
          headers: { "X-Switchyard-Run": runId },
        })) as { messageId?: string };
        return record(workspaceId, stepKey, { runId, from, msg, status: "SENT", transport: "smtp", messageId: info.messageId ?? messageId, error: null });
      } catch (e) {
        const failure = smtpFailure(e);
        await record(workspaceId, stepKey, { runId, from, msg, status: "FAILED", transport: "smtp", messageId: null, error: failure.message });
        throw failure;
      }
    },
    close() {
      for (const t of transports.values()) t.close();
      transports.clear();
    },
  };
}
