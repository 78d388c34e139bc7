import type { MailMessage } from "@/server/engine/contract";
import { openSecret, sealSecret, SecretBoxError } from "@/server/security/secret-box";

/**
 * Messages carrying a capability (an approval or form link: whoever holds it
 * decides in the recipient's name) are never stored with it in clear.
 * MailMessage.redact lists the secret substrings (the link tokens); the stored
 * copy (OutboxEmail.text / .html) has each one replaced by "••••" and a note:
 *
 *  - SMTP mode: the message went out; the outbox keeps the redacted copy only.
 *  - Outbox mode (no SMTP_URL): the outbox *is* the delivery channel (dev, demo,
 *    e2e), so the original is kept too, sealed with the secret box
 *    (server/security/secret-box, ENCRYPTION_KEY) after the redacted text.
 *    outbox.get opens it for workspace admins only (who could resume the run
 *    anyway); everyone else reads the redacted copy.
 */
export const REDACTED = "••••";
export const SMTP_NOTE = "[Switchyard: the personal link in this email is not kept in the outbox; only its recipient received it.]";
export const OUTBOX_NOTE = "[Switchyard: the personal link in this email is stored encrypted; only workspace admins can open it.]";

const SEALED_OPEN = "\n\n[[switchyard-sealed ";
const SEALED_CLOSE = "]]";
const SEALED_RE = /\n\n\[\[switchyard-sealed (v1\.[A-Za-z0-9_.-]+)\]\]$/;

function redactText(value: string, secrets: readonly string[]): string {
  let out = value;
  for (const s of secrets) if (s) out = out.split(s).join(REDACTED);
  return out;
}

/** The bodies to store for a message: unchanged without secrets; else redacted with a note (+ the sealed original in outbox mode). */
export function storedBodies(msg: MailMessage, mode: "smtp" | "outbox"): { text: string; html: string } {
  const secrets = (msg.redact ?? []).filter((s) => s.length > 0);
  if (secrets.length === 0) return { text: msg.text, html: msg.html };
  const note = mode === "smtp" ? SMTP_NOTE : OUTBOX_NOTE;
  const text = `${redactText(msg.text, secrets)}\n\n${note}`;
  const html = msg.html ? `${redactText(msg.html, secrets)}\n<p style="color:#555;font-size:12px">${note.replace(/[<>&]/g, "")}</p>` : "";
  if (mode === "smtp") return { text, html };
  const sealed = sealSecret(JSON.stringify({ text: msg.text, html: msg.html }));
  return { text: `${text}${SEALED_OPEN}${sealed}${SEALED_CLOSE}`, html };
}

export interface OpenedBodies {
  text: string;
  html: string;
  /** the message carried a personal link that is redacted in storage */
  sensitive: boolean;
  /** the original (with the link) is shown: outbox mode, and the reader may see it */
  revealed: boolean;
}

/** What a reader sees of a stored message: the sealed original for `reveal` (admins), else the redacted copy. */
export function openStoredBodies(row: { text: string; html: string }, reveal: boolean): OpenedBodies {
  const m = SEALED_RE.exec(row.text);
  if (!m) {
    const sensitive = row.text.endsWith(SMTP_NOTE) || row.text.endsWith(OUTBOX_NOTE);
    return { text: row.text, html: row.html, sensitive, revealed: false };
  }
  const redacted = row.text.slice(0, m.index);
  if (reveal) {
    try {
      const original = JSON.parse(openSecret(m[1])) as { text?: unknown; html?: unknown };
      if (typeof original.text === "string" && typeof original.html === "string") return { text: original.text, html: original.html, sensitive: true, revealed: true };
    } catch (e) {
      if (!(e instanceof SecretBoxError) && !(e instanceof SyntaxError)) throw e;
    }
  }
  return { text: redacted, html: row.html, sensitive: true, revealed: false };
}
