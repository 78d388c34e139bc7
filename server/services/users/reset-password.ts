import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { hashPassword } from "@/server/auth/password";
import { AppError } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { SYSTEM_ACTOR, writeAuditAs, type AuditActorRef } from "@/server/services/workspaces/system-audit";
import { emailSchema, passwordSchema } from "./user-input";

export const resetPasswordInput = z.object({ email: emailSchema, password: passwordSchema });
export type ResetPasswordInput = z.input<typeof resetPasswordInput>;

/** Sets a new password; audited in every workspace the user belongs to. */
export async function resetPassword(
  input: ResetPasswordInput,
  db: Db = getDb(),
  actor: AuditActorRef = SYSTEM_ACTOR,
): Promise<{ userId: string; email: string }> {
  const data = parseInput(resetPasswordInput, input);
  const user = await db.user.findUnique({
    where: { email: data.email },
    select: { id: true, memberships: { select: { workspaceId: true } } },
  });
  if (!user) {
    throw new AppError("NOT_FOUND", `email: no user with email ${data.email}`, {
      issues: [{ field: "email", message: "no user with this email" }],
    });
  }
  const passwordHash = await hashPassword(data.password);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    for (const m of user.memberships) {
      await writeAuditAs(tx, actor, {
        workspaceId: m.workspaceId,
        action: "user.password_reset",
        targetType: "user",
        targetId: user.id,
        details: { email: data.email },
      });
    }
  });
  return { userId: user.id, email: data.email };
}
