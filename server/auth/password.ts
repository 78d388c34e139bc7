import bcrypt from "bcryptjs";

/** Password hashing with bcrypt (cost 10). */
export const BCRYPT_COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** False (never throws) when the hash is malformed. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  try {
    return await bcrypt.compare(password, hash);
  } catch {
    return false;
  }
}

// A cost-10 hash of a random string nobody knows, so an unknown email costs the
// same time as a wrong password (no user enumeration by timing).
const DUMMY_HASH = "$2b$10$hDDly9U0S5WZLNisbtzBiOywLeZcB0QzyxiSzHj3OG1nS6MQm76Pu";

/** Spends the time of one verify and returns false. Use it when the email is unknown. */
export async function dummyVerifyPassword(password: string): Promise<false> {
  await verifyPassword(password, DUMMY_HASH);
  return false;
}
