import { splitAddresses } from "@/lib/nodes/catalog/shared";
import { sendEmailConfigSchema, type SendEmailConfig } from "@/lib/nodes/catalog/send-email";
import { fatal, type MailMessage, type NodeContext, type NodeExecutor, type NodeResult } from "@/server/engine/contract";
import { parseConfig, record, text } from "./config";

/**
 * Send email through ctx.services.mailer (SMTP, or the outbox when SMTP_URL is
 * unset). The step's idempotency key is the mailer's step key: a retried step
 * never sends twice, not even after a timed-out attempt (see mail/mailer.ts). Address fields accept comma/semicolon lists or lists.
 */
function addressText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v) => text(v)).join(", ");
  return text(value);
}

function message(ctx: NodeContext): MailMessage {
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
    },
    "Send email",
  );
  const to = splitAddresses(c.to);
  if (to.length === 0) throw fatal('"to" is required: the email has no recipient (check the template it uses)', "CONFIG_INVALID");
  const subject = c.subject.replace(/[\r\n]+/g, " ").trim();
  if (!subject) throw fatal('"subject" is required: the email has no subject (check the template it uses)', "CONFIG_INVALID");
  return { to, cc: splitAddresses(c.cc), bcc: splitAddresses(c.bcc), subject, text: c.text, html: c.html };
}

export const sendEmailExecutor: NodeExecutor = {
  type: "send_email",
  version: 1,
  async preview(ctx) {
    const m = message(ctx);
    return { to: m.to, cc: m.cc, bcc: m.bcc, subject: m.subject, text: m.text, html: m.html };
  },
  async execute(ctx): Promise<NodeResult> {
    const m = message(ctx);
    // The signal ends this attempt at once on timeout/cancel; the mailer keeps a message the
    // server already has and makes the retry wait for its outcome instead of sending again.
    const sent = await ctx.services.mailer.send(ctx.workspaceId, ctx.idempotencyKey, ctx.runId, m, { signal: ctx.signal });
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
