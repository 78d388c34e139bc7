import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { hashPassword } from "@/server/auth/password";
import { AppError } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import type { Role } from "@/lib/roles";
import { SYSTEM_ACTOR, writeAuditAs, type AuditActorRef } from "@/server/services/workspaces/system-audit";
import { isUniqueViolation, workspaceSlugSchema } from "@/server/services/workspaces/workspace-input";
import { emailSchema, passwordSchema, roleSchema, userNameSchema } from "./user-input";

export const createUserInput = z.object({
  workspaceSlug: workspaceSlugSchema,
  email: emailSchema,
  name: userNameSchema.optional(),
  role: roleSchema,
  password: passwordSchema,
});
export type CreateUserInput = z.input<typeof createUserInput>;

export interface CreateUserResult {
  userId: string;
  workspaceId: string;
  email: string;
  role: Role;
  /** false: the user already existed and was only added to the workspace (password unchanged). */
  createdUser: boolean;
}

/**
 * Creates a user with a membership in the workspace. If the email already
 * belongs to a user, only the membership is added (their password stays).
 */
export async function createUser(
  input: CreateUserInput,
  db: Db = getDb(),
  actor: AuditActorRef = SYSTEM_ACTOR,
): Promise<CreateUserResult> {
  const data = parseInput(createUserInput, input);
  const workspace = await db.workspace.findUnique({ where: { slug: data.workspaceSlug }, select: { id: true } });
  if (!workspace) {
    throw new AppError("NOT_FOUND", `workspaceSlug: no workspace with slug "${data.workspaceSlug}"`, {
      issues: [{ field: "workspaceSlug", message: `no workspace with slug "${data.workspaceSlug}"` }],
    });
  }
  const existing = await db.user.findUnique({
    where: { email: data.email },
    select: { id: true, memberships: { where: { workspaceId: workspace.id }, select: { role: true } } },
  });
  if (existing && existing.memberships.length > 0) {
    throw new AppError(
      "CONFLICT",
      `${data.email} is already a member of "${data.workspaceSlug}" (role ${existing.memberships[0].role})`,
      { issues: [{ field: "email", message: "already a member of this workspace" }] },
    );
  }
  const passwordHash = existing ? null : await hashPassword(data.password);
  try {
    return await db.$transaction(async (tx) => {
      let userId = existing?.id;
      if (!userId) {
        const user = await tx.user.create({
          data: { email: data.email, name: data.name ?? data.email.split("@")[0], passwordHash: passwordHash! },
          select: { id: true },
        });
        userId = user.id;
        await writeAuditAs(tx, actor, {
          workspaceId: workspace.id,
          action: "user.created",
          targetType: "user",
          targetId: userId,
          details: { email: data.email },
        });
      }
      const membership = await tx.membership.create({
        data: { userId, workspaceId: workspace.id, role: data.role },
        select: { id: true },
      });
      await writeAuditAs(tx, actor, {
        workspaceId: workspace.id,
        action: "membership.created",
        targetType: "membership",
        targetId: membership.id,
        details: { email: data.email, role: data.role },
      });
      return { userId, workspaceId: workspace.id, email: data.email, role: data.role, createdUser: !existing };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError("CONFLICT", `${data.email} was added to "${data.workspaceSlug}" at the same time by someone else`);
    }
    throw err;
  }
}
