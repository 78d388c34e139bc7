import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import type { Db } from "@/server/db";
import type { SessionUser } from "@/server/auth/session";
import { createCallerFactory, type TrpcContext } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/routers/_app";
import type { TestWorkspace } from "@/server/testing/db";
import type { Role } from "@/lib/roles";

export const createCaller = createCallerFactory(appRouter);

export async function sessionFor(db: Db, userId: string, workspaceId: string, role: Role): Promise<SessionUser> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  return { userId, email: user.email, name: user.name, workspaceId, role };
}

export async function callers(db: Db, ws: TestWorkspace) {
  const ctx = (session: SessionUser | null): TrpcContext => ({ db, session });
  return {
    admin: createCaller(ctx(await sessionFor(db, ws.adminId, ws.workspaceId, "ADMIN"))),
    specialist: createCaller(ctx(await sessionFor(db, ws.specialistId, ws.workspaceId, "SPECIALIST"))),
    otherAdmin: createCaller(ctx(await sessionFor(db, ws.otherAdminId, ws.otherWorkspaceId, "ADMIN"))),
    anonymous: createCaller(ctx(null)),
  };
}

/** Every procedure path of the app router with its type ("automations.create" → "mutation"). */
export function allProcedures(): Array<{ path: string; type: string }> {
  // Typed as the nested record, but at runtime a flat map of dotted paths to procedures.
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
  return Object.entries(procedures).map(([path, p]) => ({ path, type: p._def.type }));
}

/** Calls a procedure by its dotted path on a caller. */
export function callPath(caller: unknown, path: string, input: unknown): Promise<unknown> {
  let target: unknown = caller;
  for (const segment of path.split(".")) target = (target as Record<string, unknown>)[segment];
  return (target as (input: unknown) => Promise<unknown>)(input);
}

export async function expectTrpcError(promise: Promise<unknown>, code: TRPCError["code"], label = ""): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `${label}: expected ${code}, but the call succeeded`).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code, `${label}: ${(error as Error).message}`).toBe(code);
  return error as TRPCError;
}

/** Row counts of every table plus the automation rows themselves: "nothing changed" means equal snapshots. */
export async function dbSnapshot(db: Db) {
  const [workspaces, users, memberships, automations, versions, runs, steps, outbox, notifications, audit, rows] =
    await Promise.all([
      db.workspace.count(),
      db.user.count(),
      db.membership.count(),
      db.automation.count(),
      db.automationVersion.count(),
      db.run.count(),
      db.stepRun.count(),
      db.outboxEmail.count(),
      db.notification.count(),
      db.auditLog.count(),
      db.automation.findMany({ orderBy: { id: "asc" } }),
    ]);
  return {
    counts: { workspaces, users, memberships, automations, versions, runs, steps, outbox, notifications, audit },
    automations: rows,
  };
}
