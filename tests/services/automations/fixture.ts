import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import type { Actor } from "@/server/services/errors";
import { AppError } from "@/server/services/errors";
import { expect } from "vitest";

export interface Fixture {
  t: TestDb;
  ws: TestWorkspace;
  admin: Actor;
  specialist: Actor;
  otherAdmin: Actor;
}

export async function setup(): Promise<Fixture> {
  const t = await createTestDb();
  const ws = await seedTestWorkspace(t.db, "automations");
  return {
    t,
    ws,
    admin: { userId: ws.adminId, workspaceId: ws.workspaceId, role: "ADMIN" },
    specialist: { userId: ws.specialistId, workspaceId: ws.workspaceId, role: "SPECIALIST" },
    otherAdmin: { userId: ws.otherAdminId, workspaceId: ws.otherWorkspaceId, role: "ADMIN" },
  };
}

/** Awaits a promise that must reject with an AppError of `code`; returns the error. */
export async function expectAppError(promise: Promise<unknown>, code: AppError["code"]): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected AppError ${code}`).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe(code);
  return appError;
}

export async function auditRows(f: Fixture, targetId?: string) {
  return f.t.db.auditLog.findMany({
    where: { workspaceId: f.ws.workspaceId, ...(targetId ? { targetId } : {}) },
    orderBy: { createdAt: "asc" },
  });
}
