import type { ApiKeyScope } from "@/server/auth/permissions";

export type { ApiKeyScope };

/** What each scope allows, as the create dialog explains it. */
export const SCOPE_LABELS: Record<ApiKeyScope, string> = {
  "automations:read": "Read automations, versions and runs",
  "automations:write": "Create, edit, publish and archive automations",
  "automations:trigger": "Trigger and cancel runs",
  "schedules:read": "Read event schedules",
  "schedules:write": "Create and edit event schedules",
  "schedules:delete": "Delete event schedules",
  "events:write": "Emit events",
  "connections:read": "Read connections (never secrets)",
  "connections:write": "Create and edit connections",
  "approvals:write": "Decide approval requests",
  "webhooks:read": "Read event subscriptions, incoming webhooks and delivery logs (never secrets)",
  "webhooks:write": "Create, edit and delete event subscriptions and incoming webhooks; rotate their secrets",
};

/** Every scope, in the server's order (the Record type above makes SCOPE_LABELS list each one exactly once). */
export const API_KEY_SCOPES = Object.keys(SCOPE_LABELS) as ApiKeyScope[];

/** Every read scope: a scope added later (webhooks:read was missed once) joins the "Read only" preset by its name. */
export const READ_SCOPES = API_KEY_SCOPES.filter((s) => s.endsWith(":read"));

/** Presets for the usual integrations. */
export const SCOPE_PRESETS: Array<{ label: string; scopes: ApiKeyScope[] }> = [
  { label: "Read only", scopes: READ_SCOPES },
  { label: "Emit events", scopes: ["events:write"] },
  { label: "Everything", scopes: [...API_KEY_SCOPES] },
];
