import { splitAddresses } from "@/lib/nodes/catalog/shared";
import { sendEmailConfigSchema, type SendEmailConfig } from "@/lib/nodes/catalog/send-email";
import { fatal, type MailMessage, type MailTransport, type NodeContext, type NodeExecutor, type NodeResult, type StepConnection } from "@/server/engine/contract";
import { parseConfig, record, text } from "./config";
import { connectionsOf, maskingErrors, maskSecrets } from "./secrets";

/**
 * Send email through ctx.services.mailer (SMTP, or the outbox when SMTP_URL is
 * unset). The step's idempotency key is the mailer's step key: a retried step
 * never sends twice, not even after a timed-out attempt (see mail/mailer.ts). Address fields accept comma/semicolon lists or lists.
 * With an SMTP connection the message goes through that server, from its sender.
 */
function addressText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v) => text(v)).join(", ");
  return text(value);
}

/** smtp(s)://user:pass@host:port of an SMTP connection (security "none": no TLS at all, for local relays). */
export function smtpTransport(conn: StepConnection): MailTransport {
  const v = conn.values;
  const scheme = v.security === "tls" ? "smtps" : "smtp";
  const auth = v.username ? `${encodeURIComponent(v.username)}${v.password ? `:${encodeURIComponent(v.password)}` : ""}@` : "";
  const query = v.security === "none" ? "?ignoreTLS=true" : v.security === "starttls" ? "?requireTLS=true" : "";
  return { smtpUrl: `${scheme}://${auth}${v.host}:${v.port || (v.security === "tls" ? "465" : "587")}${query}`, from: v.from ?? "" };
}

function message(ctx: NodeContext): MailMessage & { connectionId: string } {
  const raw = record(ctx.config);
  const c: SendEmailConfig = parseConfig(
    sendEmailConfigSchema,
    {
      ...raw,
      to: addressText(raw.to),
      cc: addressText(raw.cc),
      bcc: addressText(raw.bcc),
      subject: raw.subject === undefined ? undefined : text(raw.subject),
      text: raw.text === undefined ? undefined : text(raw.text),
      html: raw.html === undefined ? undefined : text(raw.html),
      connectionId: raw.connectionId === undefined ? undefined : text(raw.connectionId),
    },
    "Send email",
  );
  const to = splitAddresses(c.to);
  if (to.length === 0) throw fatal('"to" is required: the email has no recipient (check the template it uses)', "CONFIG_INVALID");
  const subject = c.subject.replace(/[\r\n]+/g, " ").trim();
  if (!subject) throw fatal('"subject" is required: the email has no subject (check the template it uses)', "CONFIG_INVALID");
  return { to, cc: splitAddresses(c.cc), bcc: splitAddresses(c.bcc), subject, text: c.text, html: c.html, connectionId: c.connectionId };
}

export const sendEmailExecutor: NodeExecutor = {
  type: "send_email",
  version: 1,
  async preview(ctx) {
    const { connectionId, ...m } = message(ctx);
    return { ...(connectionId ? { connectionId } : {}), to: m.to, cc: m.cc, bcc: m.bcc, subject: m.subject, text: m.text, html: m.html };
  },
  async execute(ctx): Promise<NodeResult> {
    const { connectionId, ...m } = message(ctx);
    let transport: MailTransport | undefined;
    let secrets: string[] = [];
    if (connectionId) {
      const conn = await connectionsOf(ctx).byId(ctx.workspaceId, connectionId, ["smtp"]);
      transport = smtpTransport(conn);
      secrets = conn.secrets;
      ctx.recordRequest?.(maskSecrets({ ...m, from: transport.from, connection: conn.name, server: `${conn.values.host}:${conn.values.port}` }, secrets));
    }
    // The signal ends this attempt at once on timeout/cancel; the mailer keeps a message the
    // server already has and makes the retry wait for its outcome instead of sending again.
    const sent = await maskingErrors(secrets, () =>
      ctx.services.mailer.send(ctx.workspaceId, ctx.idempotencyKey, ctx.runId, m, { signal: ctx.signal, ...(transport ? { transport } : {}) }),
    );
    return {
      output: {
        id: sent.id,
        status: sent.status.toLowerCase(),
        transport: sent.transport,
        messageId: sent.messageId,
        to: m.to,
        subject: m.subject,
      },
    };
  },
};
