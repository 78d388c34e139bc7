import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Db } from "@/server/db";
import type { Permission } from "@/server/auth/permissions";
import { actorCan, forbiddenMessage, memberActor } from "@/server/auth/actor";
import type { SessionUser } from "@/server/auth/session";
import { AppError, type Actor } from "@/server/services/errors";

export interface TrpcContext {
  db: Db;
  /** null when signed out or when the membership no longer exists. */
  session: SessionUser | null;
  /** The caller's address (server/security/client-ip.ts: TCP peer, or X-Forwarded-For per TRUST_PROXY); recorded with in-app decisions. */
  clientIp?: string;
}

const TRPC_CODE = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  UNPROCESSABLE: "UNPROCESSABLE_CONTENT",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
} as const;

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    // Unexpected errors: never send internals (DB messages, paths) to the client; route handlers log them.
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    const message = internal
      ? "Something went wrong on the server. Try again; if it keeps happening, check the server logs."
      : cause instanceof ZodError
        ? `Invalid input — ${cause.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}`
        : shape.message;
    return {
      ...shape,
      message,
      data: {
        ...shape.data,
        stack: undefined,
        zodIssues:
          cause instanceof ZodError
            ? cause.issues.map((i) => ({ field: i.path.join("."), message: i.message }))
            : null,
        appDetails: cause instanceof AppError ? (cause.details ?? null) : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Maps AppError thrown by services to TRPCError with the same message. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(appErrors);

const authed = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  const actor: Actor = memberActor(ctx.session.userId, ctx.session.workspaceId, ctx.session.role);
  return next({ ctx: { ...ctx, session: ctx.session, actor } });
});

/** A procedure that requires a permission from ROLE_PERMISSIONS. */
export function permissionProcedure(permission: Permission) {
  return authed.use(({ ctx, next }) => {
    if (!actorCan(ctx.actor, permission)) {
      throw new TRPCError({ code: "FORBIDDEN", message: forbiddenMessage(ctx.actor, permission) });
    }
    return next();
  });
}

/** Any member of the current workspace (read access). */
export const memberProcedure = permissionProcedure("workspace:read");
/** Admins and owners (every mutation of workspace data). */
export const adminProcedure = permissionProcedure("automations:write");
