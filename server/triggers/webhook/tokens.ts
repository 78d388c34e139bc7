import { randomBytes } from "node:crypto";

/** URL token: 32 random bytes, base64url (43 characters). */
export function newHookToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** Shared header secret: 32 random bytes, base64url. */
export function newHeaderSecret(): string {
  return randomBytes(32).toString("base64url");
}
