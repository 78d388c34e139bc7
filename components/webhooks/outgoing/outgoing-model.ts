import type { RouterInputs, RouterOutputs } from "@/lib/trpc/types";

export type OutgoingItem = RouterOutputs["outgoingWebhooks"]["list"][number];
export type OutgoingAttempt = RouterOutputs["outgoingWebhooks"]["logs"]["items"][number];
export type OutgoingHeaderInput = NonNullable<RouterInputs["outgoingWebhooks"]["create"]["headers"]>[number];

/** One editable header row of the form: a literal value, or a connection field read when sending. */
export interface HeaderRow {
  key: number;
  name: string;
  source: "literal" | "connection";
  value: string;
  connectionId: string;
  field: string;
}

let seq = 0;
export function newHeaderRow(partial: Partial<HeaderRow> = {}): HeaderRow {
  seq += 1;
  return { key: seq, name: "", source: "literal", value: "", connectionId: "", field: "", ...partial };
}

export function rowsFromHeaders(headers: OutgoingItem["headers"]): HeaderRow[] {
  return headers.map((h) =>
    "connectionId" in h ? newHeaderRow({ name: h.name, source: "connection", connectionId: h.connectionId, field: h.field }) : newHeaderRow({ name: h.name, value: h.value }),
  );
}

/** Rows → service input; rows with an empty name are left out. */
export function headersFromRows(rows: readonly HeaderRow[]): OutgoingHeaderInput[] {
  return rows
    .filter((r) => r.name.trim() !== "")
    .map((r) => (r.source === "connection" ? { name: r.name.trim(), connectionId: r.connectionId, field: r.field } : { name: r.name.trim(), value: r.value }));
}

/** Client-side check of the URL before the server's (which also refuses private addresses). */
export function outgoingUrlProblem(url: string): string | null {
  const t = url.trim();
  if (!t) return "Enter the endpoint URL";
  try {
    const u = new URL(t);
    if (u.protocol !== "http:" && u.protocol !== "https:") return "Use an http:// or https:// URL";
  } catch {
    return "Enter an absolute URL, e.g. https://example.com/hooks";
  }
  return null;
}

/** "200", "502", "Timeout"-like label of an attempt or the last delivery. */
export function statusLabel(a: { statusCode: number | null; ok: boolean }): string {
  return a.statusCode === null ? "No answer" : `HTTP ${a.statusCode}`;
}
