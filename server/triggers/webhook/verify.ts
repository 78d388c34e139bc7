import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * Request authentication of webhooks.
 * - header: a shared secret in a configured header, compared in constant time
 *   (both sides hashed first, so lengths leak nothing either).
 * - hmac: the Standard Webhooks scheme (https://www.standardwebhooks.com):
 *   `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`
 *   under the base64-decoded part of a `whsec_…` secret; several signatures may
 *   be listed, space-separated; timestamps older or newer than 5 minutes fail.
 */
export const TOLERANCE_SEC = 5 * 60;

export type AuthFailure = { ok: false; reason: string };
export type AuthResult = { ok: true; webhookId?: string } | AuthFailure;

function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}

export function verifyHeaderSecret(given: string | undefined, secret: string | null): AuthResult {
  if (!secret) return { ok: false, reason: "this webhook has no secret yet" };
  if (!given) return { ok: false, reason: "missing secret header" };
  return sameSecret(given, secret) ? { ok: true } : { ok: false, reason: "wrong secret" };
}

export function signingKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
}

/** Standard Webhooks signature header value for a payload (tests, docs: the sample curl). */
export function signPayload(secret: string, id: string, timestampSec: number, body: string | Buffer): string {
  const mac = createHmac("sha256", signingKey(secret)).update(`${id}.${timestampSec}.`).update(body).digest("base64");
  return `v1,${mac}`;
}

export function verifyStandardWebhook(
  headers: Record<string, string | undefined>,
  body: Buffer,
  secret: string | null,
  nowSec: number,
): AuthResult {
  if (!secret) return { ok: false, reason: "this webhook has no signing secret yet" };
  const id = headers["webhook-id"];
  const ts = headers["webhook-timestamp"];
  const sig = headers["webhook-signature"];
  if (!id || !ts || !sig) return { ok: false, reason: "missing webhook-id, webhook-timestamp or webhook-signature header" };
  if (!/^\d{1,12}$/.test(ts)) return { ok: false, reason: "webhook-timestamp must be Unix seconds" };
  const timestamp = Number(ts);
  if (Math.abs(nowSec - timestamp) > TOLERANCE_SEC) return { ok: false, reason: "webhook-timestamp is more than 5 minutes away from the server's clock" };
  const expected = Buffer.from(signPayload(secret, id, timestamp, body).slice(3), "base64");
  for (const part of sig.split(" ")) {
    const comma = part.indexOf(",");
    if (comma < 0 || part.slice(0, comma) !== "v1") continue;
    const given = Buffer.from(part.slice(comma + 1), "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true, webhookId: id };
  }
  return { ok: false, reason: "no valid signature" };
}
