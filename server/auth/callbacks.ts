import type { JWT } from "next-auth/jwt";
import type { Session, User } from "next-auth";
import { CredentialsSignin } from "next-auth";
import { z } from "zod";
import type { Db } from "@/server/db";
import { verifyCredentials } from "./credentials";
import { defaultMembership, findMembership } from "./memberships";
import { SIGN_IN_ERROR_CODES, rateLimitedCode } from "./messages";
import { signInThrottle, type SignInThrottle } from "./sign-in-throttle";

/** Wrong password, unknown email and malformed input all look the same. */
export class InvalidCredentialsError extends CredentialsSignin {
  code = SIGN_IN_ERROR_CODES.invalidCredentials;
}
export class NoWorkspaceError extends CredentialsSignin {
  code = SIGN_IN_ERROR_CODES.noWorkspace;
}
/** Too many recent failures for this account or address: refused before any check (the same for unknown emails). */
export class SignInRateLimitedError extends CredentialsSignin {
  constructor(readonly retryAfterSec: number) {
    super();
    this.code = rateLimitedCode(retryAfterSec);
  }
}

/**
 * Credentials provider `authorize`: the user plus their default workspace (oldest membership).
 * Throttled per account and per address (sign-in-throttle.ts): refused attempts are not checked.
 */
export async function authorizeCredentials(db: Db, credentials: unknown, ip = "unknown", throttle: SignInThrottle = signInThrottle()): Promise<User> {
  const rawEmail = (credentials as { email?: unknown } | null)?.email;
  const email = typeof rawEmail === "string" ? rawEmail : "";
  const wait = throttle.check(email, ip);
  if (wait !== null) throw new SignInRateLimitedError(wait);
  const user = await verifyCredentials(db, credentials);
  if (!user) {
    throttle.failed(email, ip);
    throw new InvalidCredentialsError();
  }
  const membership = await defaultMembership(db, user.id);
  if (!membership) throw new NoWorkspaceError();
  return { id: user.id, email: user.email, name: user.name, workspaceId: membership.workspaceId, role: membership.role };
}

const workspaceIdField = z.string().min(1).max(64);
/** `update({ workspaceId })` from the client, or `unstable_update({ user: { workspaceId } })` on the server. */
const updateSchema = z.union([
  z.object({ workspaceId: workspaceIdField }).transform((v) => v.workspaceId),
  z.object({ user: z.object({ workspaceId: workspaceIdField }) }).transform((v) => v.user.workspaceId),
]);

interface JwtParams {
  token: JWT;
  user?: User;
  trigger?: "signIn" | "signUp" | "update";
  session?: unknown;
}

/**
 * jwt callback. Sign-in: store userId, workspace and role. `update({ workspaceId })`
 * (client `useSession().update` or server `unstable_update`): switch workspace
 * only if the membership exists in the DB right now; otherwise keep the token.
 * Plain session reads do not touch the DB (createContext re-checks membership).
 */
export async function jwtCallback(db: Db, { token, user, trigger, session }: JwtParams): Promise<JWT> {
  if (user?.id) {
    token.userId = user.id;
    token.sub = user.id;
    if (user.workspaceId && user.role) {
      token.workspaceId = user.workspaceId;
      token.role = user.role;
    } else {
      const membership = await defaultMembership(db, user.id);
      token.workspaceId = membership?.workspaceId;
      token.role = membership?.role;
    }
    return token;
  }
  if (trigger === "update" && token.userId) {
    const parsed = updateSchema.safeParse(session);
    if (parsed.success) {
      const membership = await findMembership(db, token.userId, parsed.data);
      if (membership) {
        token.workspaceId = membership.workspaceId;
        token.role = membership.role;
      }
    }
  }
  return token;
}

/** session callback: exposes id, workspace and role (never the password hash or anything else). */
export function sessionCallback({ session, token }: { session: Session; token: JWT }): Session {
  if (token.userId && token.workspaceId && token.role) {
    session.user = {
      ...session.user,
      id: token.userId,
      workspaceId: token.workspaceId,
      role: token.role,
    };
  }
  return session;
}
