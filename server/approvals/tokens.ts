import { randomBytes } from "node:crypto";
import { hashWaitToken } from "@/server/engine/contract";

/** Link tokens: 32 random bytes (base64url, 43 characters); only sha256(token) is stored. */
export function mintToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashWaitToken(token) };
}

/** A string that can be a link token (anything else is answered "not found" without a database read). */
export function looksLikeToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export const hashToken = hashWaitToken;
