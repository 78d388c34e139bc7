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
  "webhooks:read": "Read event subscriptions and their delivery logs (never secrets)",
  "webhooks:write": "Create, edit and delete event subscriptions",
};

/** Every scope, in the server's order (the Record type above makes SCOPE_LABELS list each one exactly once). */
export const API_KEY_SCOPES = Object.keys(SCOPE_LABELS) as ApiKeyScope[];

/** Presets for the usual integrations. */
export const SCOPE_PRESETS: Array<{ label: string; scopes: ApiKeyScope[] }> = [
  { label: "Read only", scopes: ["automations:read", "schedules:read", "connections:read"] },
  { label: "Emit events", scopes: ["events:write"] },
  { label: "Everything", scopes: [...API_KEY_SCOPES] },
];
