import type { Role } from "@/lib/roles";

/** Every permission the app checks. One table decides which role has which; API keys get theirs from their scopes. */
export type Permission =
  | "automations:read"
  | "automations:write"
  | "automations:trigger"
  | "runs:read"
  | "runs:write"
  | "schedules:read"
  | "schedules:write"
  | "schedules:delete"
  | "events:write"
  | "workspace:read"
  | "workspace:admin"
  | "notifications:read"
  | "connections:read"
  | "connections:write"
  | "approvals:write"
  | "webhooks:read"
  | "webhooks:write";

const READ: Permission[] = ["automations:read", "runs:read", "schedules:read", "workspace:read", "notifications:read", "connections:read", "webhooks:read"];
const WRITE: Permission[] = [
  "automations:write",
  "automations:trigger",
  "runs:write",
  "schedules:write",
  "schedules:delete",
  "events:write",
  "workspace:admin",
  "connections:write",
  "approvals:write",
  "webhooks:write",
];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  OWNER: new Set([...READ, ...WRITE]),
  ADMIN: new Set([...READ, ...WRITE]),
  SPECIALIST: new Set(READ),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** Scopes an API key can carry (REST API v1). */
export const API_KEY_SCOPES = [
  "automations:read",
  "automations:write",
  "automations:trigger",
  "schedules:read",
  "schedules:write",
  "schedules:delete",
  "events:write",
  "connections:read",
  "connections:write",
  "approvals:write",
  "webhooks:read",
  "webhooks:write",
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** What each scope lets a key do; runs belong to automations (read with automations:read, cancel with automations:trigger). */
const SCOPE_PERMISSIONS: Record<ApiKeyScope, Permission[]> = {
  "automations:read": ["automations:read", "runs:read"],
  "automations:write": ["automations:write"],
  "automations:trigger": ["automations:trigger", "runs:write"],
  "schedules:read": ["schedules:read"],
  "schedules:write": ["schedules:write"],
  "schedules:delete": ["schedules:delete"],
  "events:write": ["events:write"],
  "connections:read": ["connections:read"],
  "connections:write": ["connections:write"],
  "approvals:write": ["approvals:write"],
  "webhooks:read": ["webhooks:read"],
  "webhooks:write": ["webhooks:write"],
};

export function isApiKeyScope(s: string): s is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(s);
}

/** The permission set of an API key with these scopes. */
export function scopePermissions(scopes: readonly ApiKeyScope[]): ReadonlySet<Permission> {
  return new Set(scopes.flatMap((s) => SCOPE_PERMISSIONS[s]));
}

/** The scope a key needs for a permission (for "requires scope X" messages). */
export function scopeFor(permission: Permission): ApiKeyScope | null {
  for (const s of API_KEY_SCOPES) if (SCOPE_PERMISSIONS[s].includes(permission)) return s;
  return null;
}
