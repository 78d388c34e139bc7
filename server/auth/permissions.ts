import type { Role } from "@/lib/roles";

/** Every permission the app checks. One table decides which role has which. */
export type Permission =
  | "automations:read"
  | "automations:write"
  | "automations:trigger"
  | "runs:read"
  | "runs:write"
  | "workspace:read"
  | "workspace:admin"
  | "notifications:read"
  | "connections:read"
  | "connections:write";

const READ: Permission[] = ["automations:read", "runs:read", "workspace:read", "notifications:read", "connections:read"];
const WRITE: Permission[] = ["automations:write", "automations:trigger", "runs:write", "workspace:admin", "connections:write"];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  OWNER: new Set([...READ, ...WRITE]),
  ADMIN: new Set([...READ, ...WRITE]),
  SPECIALIST: new Set(READ),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
