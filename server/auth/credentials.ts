import { z } from "zod";
import type { DbOrTx } from "@/server/db";
import { dummyVerifyPassword, verifyPassword } from "@/server/auth/password";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().min(3).max(320),
  password: z.string().min(1).max(1024),
});

export interface VerifiedUser {
  id: string;
  email: string;
  name: string;
}

/**
 * Checks an email + password. Returns null for a malformed input, an unknown
 * email or a wrong password alike; an unknown email still spends one bcrypt
 * verify so response time does not reveal which emails exist.
 */
export async function verifyCredentials(db: DbOrTx, raw: unknown): Promise<VerifiedUser | null> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) {
    const password = typeof (raw as { password?: unknown } | null)?.password === "string" ? (raw as { password: string }).password : "";
    await dummyVerifyPassword(password.slice(0, 1024));
    return null;
  }
  const { email, password } = parsed.data;
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true } });
  if (!user) {
    await dummyVerifyPassword(password);
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  return { id: user.id, email: user.email, name: user.name };
}
