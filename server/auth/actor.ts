import type { Role } from "@/lib/roles";
import type { Actor } from "@/server/services/errors";
import { ROLE_PERMISSIONS, scopeFor, scopePermissions, type ApiKeyScope, type Permission } from "./permissions";

/**
 * The one access rule shared by tRPC and REST: an actor carries a permission
 * set, from a member's role or from an API key's scopes, and services ask
 * `actorCan` (procedure builders and the REST wrapper check the same set first).
 */
export function permissionsOf(actor: Actor): ReadonlySet<Permission> {
  return actor.permissions ?? ROLE_PERMISSIONS[actor.role];
}

export function actorCan(actor: Actor, permission: Permission): boolean {
  return permissionsOf(actor).has(permission);
}

/** "Your role (specialist) cannot do this: requires automations:write" / "This API key lacks the scope automations:write". */
export function forbiddenMessage(actor: Actor, permission: Permission): string {
  if (actor.apiKeyId) {
    const scope = scopeFor(permission) ?? permission;
    return `This API key lacks the scope ${scope}; create a key with ${scope} to do this`;
  }
  return `Your role (${actor.role.toLowerCase()}) cannot do this: requires ${permission}`;
}

export function memberActor(userId: string, workspaceId: string, role: Role): Actor {
  return { userId, workspaceId, role, permissions: ROLE_PERMISSIONS[role] };
}

/** An API key acting in its workspace with exactly its scopes' permissions. */
export function apiKeyActor(key: { id: string; workspaceId: string; createdById: string | null }, scopes: readonly ApiKeyScope[]): Actor {
  return {
    userId: key.createdById ?? `api-key:${key.id}`,
    workspaceId: key.workspaceId,
    // The role is not used for decisions (permissions is set); the lowest role keeps any stray role check safe.
    role: "SPECIALIST",
    permissions: scopePermissions(scopes),
    apiKeyId: key.id,
  };
}
