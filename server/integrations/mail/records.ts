/**
 * The OutboxEmail row as the mailer's send marker. While a send is in progress
 * (status SENDING) its `error` column says since when, whether the message was already
 * handed to the mail server, and which attempt holds the claim, e.g.
 * "Sending since 2026-11-30T10:00:00.000Z; not handed to the mail server yet (claim 3f9a…)".
 * Readable in the outbox UI as is; parsed back only by the functions below.
 */

export interface MailRecord {
  id: string;
  status: string;
  transport: string;
  messageId: string | null;
  error: string | null;
}

const SENDING = "Sending since ";
const HANDED_OVER = "Handed to the mail server at ";

export const claimSuffix = (token: string) => `(claim ${token})`;

export function sendingMarker(at: Date, token: string): string {
  return `${SENDING}${at.toISOString()}; not handed to the mail server yet ${claimSuffix(token)}`;
}

export function handOverMarker(at: Date, token: string): string {
  return `${HANDED_OVER}${at.toISOString()}; waiting for its reply ${claimSuffix(token)}`;
}

/** The marker's time (claim or hand-over), or null when `error` is not a marker. */
export function markedAt(error: string | null): Date | null {
  if (!error) return null;
  const prefix = error.startsWith(SENDING) ? SENDING : error.startsWith(HANDED_OVER) ? HANDED_OVER : null;
  if (!prefix) return null;
  const at = new Date(error.slice(prefix.length, error.indexOf(";")));
  return Number.isNaN(at.getTime()) ? null : at;
}

export function isHandedOver(error: string | null): boolean {
  return error?.startsWith(HANDED_OVER) ?? false;
}
