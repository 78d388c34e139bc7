import type { BadgeVariant } from "@/components/ui/badge";

/** The fields of an incoming webhook row the settings table reads (webhooks.listIncoming). */
export interface IncomingRowView {
  authMode: string;
  responseMode: string;
  active: boolean;
  pendingPublish: boolean;
  hasSecret: boolean;
  automation: { status: string };
}

export function authModeLabel(mode: string): string {
  if (mode === "header") return "Header secret";
  if (mode === "hmac") return "Signed (Standard Webhooks)";
  return "None (anyone with the URL)";
}

export function responseModeLabel(mode: string): string {
  return mode === "wait" ? "Waits for the result" : "Answers at once (202)";
}

/** Whether the auth mode's secret exists; never the secret itself. */
export function secretNote(w: Pick<IncomingRowView, "authMode" | "hasSecret">): { text: string; missing: boolean } | null {
  if (w.authMode === "none") return null;
  return w.hasSecret ? { text: "Secret set", missing: false } : { text: "No secret yet: every request is refused", missing: true };
}

/** Active: the URL starts runs. Otherwise why not: paused, never published, or the published trigger is something else. */
export function stateOf(w: Pick<IncomingRowView, "active" | "pendingPublish" | "automation">): { label: string; variant: BadgeVariant } {
  if (w.active) return { label: "Active", variant: "success" };
  if (w.automation.status === "PAUSED") return { label: "Paused", variant: "warning" };
  if (w.automation.status === "DRAFT" || w.pendingPublish) return { label: "Not published", variant: "outline" };
  return { label: "Inactive", variant: "neutral" };
}
