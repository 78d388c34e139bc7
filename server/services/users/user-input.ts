import { z } from "zod";
import { ROLES } from "@/lib/roles";

export const emailSchema = z
  .string({ error: "required" })
  .trim()
  .toLowerCase()
  .pipe(z.email("not a valid email address (e.g. ada@example.com)"));

export const MIN_PASSWORD = 8;
/** bcrypt ignores everything after 72 bytes: refuse longer passwords instead of silently truncating. */
export const MAX_PASSWORD_BYTES = 72;

export const passwordSchema = z
  .string({ error: "required" })
  .min(MIN_PASSWORD, `at least ${MIN_PASSWORD} characters`)
  .refine((p) => Buffer.byteLength(p, "utf8") <= MAX_PASSWORD_BYTES, `at most ${MAX_PASSWORD_BYTES} bytes`);

export const roleSchema = z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` });

export const userNameSchema = z.string().trim().min(1, "must not be empty").max(80, "at most 80 characters");
