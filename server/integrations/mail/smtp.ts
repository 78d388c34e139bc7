import { Readable } from "node:stream";
import MailComposer from "nodemailer/lib/mail-composer";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import SMTPConnection from "nodemailer/lib/smtp-connection";
import type { MailMessage } from "@/server/engine/contract";

/**
 * One SMTP transaction with a known point of no return.
 *
 * A message is delivered once the server has received its end-of-data mark; until its
 * bytes start flowing, closing the connection aborts the transaction and nothing is
 * delivered (RFC 5321 §4.1.1.4). After that, only the server's reply tells: a connection
 * closed then leaves the outcome unknown. So `cancel()` closes the connection only before
 * the hand-over, and `beforeHandOver` lets the caller record, durably, that the message is
 * about to leave: after a crash, that record says whether sending again could duplicate it.
 *
 * nodemailer's transporter hides its connection (no cancel, no hook before the data), so
 * this drives nodemailer's SMTPConnection directly: connect, optional login, send, close.
 */

/** A step's message as it goes out: sender, deterministic Message-ID and extra headers added. */
export interface OutgoingMail extends MailMessage {
  from: string;
  messageId: string;
  headers: Record<string, string>;
}

export interface DeliveryOptions {
  /** Hard limit for the whole transaction (connect to final reply). */
  totalMs: number;
  /** Awaited right before the message's bytes are written; a rejection aborts the transaction. */
  beforeHandOver(): Promise<void>;
}

/** A failed transaction, with whether the message had been handed over (outcome unknown unless the server replied). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly handedOver: boolean,
    readonly responseCode: number | null,
    readonly errno: string | null,
    readonly cancelled: boolean,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}

export interface Delivery {
  /** Resolves with the server's reply to the message; rejects with a DeliveryError. */
  done: Promise<string>;
  /** Closes the connection if the message has not been handed over yet; returns whether it did. */
  cancel(reason: string): boolean;
}

/** The connection's auth flag, which @types/nodemailer does not declare. */
type Conn = SMTPConnection & { allowsAuth?: boolean };

export function startDelivery(smtpUrl: string, mail: OutgoingMail, opts: DeliveryOptions): Delivery {
  const urlOptions = parseConnectionUrl(smtpUrl);
  // Per-phase timeouts stay inside the overall limit; the server may take its time to
  // reply to the data (it is writing the message to its queue), so no shorter idle limit.
  const conn: Conn = new SMTPConnection({
    ...urlOptions,
    connectionTimeout: Math.min(10_000, opts.totalMs),
    greetingTimeout: Math.min(10_000, opts.totalMs),
    socketTimeout: opts.totalMs,
  });
  let handedOver = false;
  let settled = false;
  let cancelled = false;
  let resolveDone: (reply: string) => void = () => undefined;
  let rejectDone: (e: DeliveryError) => void = () => undefined;
  const done = new Promise<string>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });

  const finish = (err: (Error & { responseCode?: number; code?: string }) | null, reply?: string) => {
    if (settled) return;
    settled = true;
    clearTimeout(deadline);
    conn.close();
    if (!err) return resolveDone(reply ?? "");
    rejectDone(new DeliveryError(err.message, handedOver, err.responseCode ?? null, err.code ?? null, cancelled));
  };
  const deadline = setTimeout(
    () => finish(Object.assign(new Error(`no reply from the mail server within ${opts.totalMs} ms`), { code: "ETIMEDOUT" })),
    opts.totalMs,
  );
  // `on`, not `once`: a closing socket may report more than one error, and an 'error'
  // event without a listener would crash the process. finish() acts on the first only.
  conn.on("error", (e) => finish(e));
  // A server that hangs up makes the connection end without an error first.
  conn.on("end", () => finish(Object.assign(new Error("the mail server closed the connection"), { code: "ECONNECTION" })));

  void (async () => {
    const composed = new MailComposer({
      from: mail.from,
      to: mail.to,
      cc: mail.cc.length ? mail.cc : undefined,
      bcc: mail.bcc.length ? mail.bcc : undefined,
      subject: mail.subject,
      text: mail.text || undefined,
      html: mail.html || undefined,
      messageId: mail.messageId,
      headers: mail.headers,
    }).compile();
    const envelope = composed.getEnvelope();
    const raw = await composed.build();
    // The message is pulled only once the server accepted DATA: that first pull is the hand-over.
    let pulled = false;
    const message = new Readable({
      read() {
        if (pulled) return;
        pulled = true;
        opts.beforeHandOver().then(
          () => {
            if (settled) return void this.destroy(new Error("the transaction was stopped"));
            handedOver = true;
            this.push(raw);
            this.push(null);
          },
          (e: unknown) => this.destroy(e instanceof Error ? e : new Error(String(e))),
        );
      },
    });
    conn.connect(() => {
      const send = () => conn.send(envelope, message, (err, info) => finish(err, info?.response));
      // A URL carries plain user:pass credentials only (smtp://user:pass@host).
      const auth = urlOptions.auth as { user?: string; pass?: string } | undefined;
      if (auth?.user && conn.allowsAuth) conn.login({ user: auth.user, pass: auth.pass ?? "" }, (err) => (err ? finish(err) : send()));
      else send();
    });
  })().catch((e: unknown) => finish(e instanceof Error ? e : new Error(String(e))));

  return {
    done,
    cancel(reason) {
      if (settled || handedOver) return false;
      cancelled = true;
      finish(Object.assign(new Error(reason), { code: "ECANCELLED" }));
      return true;
    },
  };
}
