import { z } from "zod";

export const SLUG_RE = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;

export const workspaceSlugSchema = z
  .string({ error: "required" })
  .trim()
  .min(2, "at least 2 characters")
  .max(40, "at most 40 characters")
  .regex(SLUG_RE, "use lowercase letters, digits and hyphens, starting and ending with a letter or digit (e.g. acme-ops)");

export const workspaceNameSchema = z
  .string({ error: "required" })
  .trim()
  .min(1, "required")
  .max(80, "at most 80 characters");

/** Prisma unique-constraint violation (both adapters report P2002). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && (err as { code: unknown }).code === "P2002";
}
