/**
 * The one error type services throw. tRPC maps it to TRPCError, the REST wrapper
 * to `{ error: { code, message, details } }` with the matching status. Messages
 * are user-facing: say which field, why, and what is allowed.
 */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "UNPROCESSABLE"
  | "RATE_LIMITED";

export interface FieldIssue {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: { issues?: FieldIssue[]; [k: string]: unknown },
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
};

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);

/**
 * Who is acting: services take this so every query is scoped by workspace.
 * A member acts with their role's permissions; an API key acts with the
 * permissions of its scopes (`permissions` set, `apiKeyId` naming the key;
 * `userId` is then the key's creator, for "created by" columns). Services check
 * permissions with `actorCan` (server/auth/actor.ts), never the role directly.
 */
export interface Actor {
  userId: string;
  workspaceId: string;
  role: import("@/lib/roles").Role;
  /** When set, this set decides (API keys); otherwise ROLE_PERMISSIONS[role]. */
  permissions?: ReadonlySet<import("@/server/auth/permissions").Permission>;
  apiKeyId?: string;
}
