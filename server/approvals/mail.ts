import { env } from "@/server/env";
import { escapeHtml } from "@/lib/nodes/config";
import type { MailMessage } from "@/server/engine/contract";

/** The link an approver opens: APP_URL/approve/<token>. */
export function approvalLink(token: string): string {
  return `${env().APP_URL.replace(/\/$/, "")}/approve/${token}`;
}

export interface LinkMailInput {
  kind: "approval" | "form";
  to: string;
  title: string;
  message: string;
  details: Array<{ label: string; value: string }>;
  automationName: string;
  expiresAt: Date;
  /** the approver's link token (the link is APP_URL/approve/<token>; the stored copy has it redacted) */
  token: string;
  reminder?: boolean;
}

/** The email carrying a link: plain text and a small HTML version (values escaped); the token is listed in `redact` (never stored in clear). */
export function linkMail(m: LinkMailInput): MailMessage {
  const link = approvalLink(m.token);
  const action = m.kind === "approval" ? "Review and decide" : "Open the form";
  const prefix = m.reminder ? "Reminder: " : "";
  const subject = `${prefix}${m.title}`.replace(/[\r\n]+/g, " ").slice(0, 900);
  const expires = m.expiresAt.toUTCString();
  const details = m.details.map((d) => `${d.label}: ${d.value}`).join("\n");
  const text = [
    m.reminder ? "This request is still waiting for you." : "",
    `${m.automationName} asks for your ${m.kind === "approval" ? "decision" : "input"}.`,
    m.message,
    details,
    `${action}: ${link}`,
    `The link works once and expires ${expires}. Do not forward it: anyone with the link can answer in your name.`,
  ]
    .filter((p) => p.trim() !== "")
    .join("\n\n");
  const rows = m.details.map((d) => `<tr><td style="padding:4px 12px 4px 0;color:#555">${escapeHtml(d.label)}</td><td style="padding:4px 0">${escapeHtml(d.value)}</td></tr>`).join("");
  const html = `<div style="font-family:system-ui,sans-serif;font-size:14px;line-height:1.5;color:#111">
<p>${escapeHtml(`${m.automationName} asks for your ${m.kind === "approval" ? "decision" : "input"}.`)}</p>
${m.message ? `<p style="white-space:pre-wrap">${escapeHtml(m.message)}</p>` : ""}
${rows ? `<table>${rows}</table>` : ""}
<p><a href="${escapeHtml(link)}" style="display:inline-block;padding:8px 14px;background:#111;color:#fff;border-radius:6px;text-decoration:none">${action}</a></p>
<p style="color:#555;font-size:12px">The link works once and expires ${escapeHtml(expires)}. Do not forward it.</p></div>`;
  return { to: [m.to], cc: [], bcc: [], subject, text, html, redact: [m.token] };
}
