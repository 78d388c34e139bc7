import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/server/env";

/**
 * Secrets at rest (webhook signing secrets, header secrets, later connection
 * credentials): AES-256-GCM with a random 12-byte nonce per value under one
 * 32-byte key. Stored form: `v1.<nonce b64url>.<ciphertext b64url>.<tag b64url>`.
 * The key comes from ENCRYPTION_KEY (base64 of 32 bytes, or 64 hex chars); when
 * unset it is generated once into DATA_DIR/encryption-key (mode 0600), like the
 * app secret. Losing the key makes stored secrets unreadable (rotate them).
 */
const VERSION = "v1";

export class SecretBoxError extends Error {}

/** Parses a key as ENCRYPTION_KEY or the key file writes it (base64 of 32 bytes, or 64 hex characters). */
export function parseEncryptionKey(raw: string): Buffer {
  return parseKey(raw);
}

function parseKey(raw: string): Buffer {
  const text = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  if (key.length !== 32) {
    throw new SecretBoxError("ENCRYPTION_KEY must be 32 bytes, written as base64 (44 characters) or hex (64 characters)");
  }
  return key;
}

function loadOrCreateKey(dataDir: string): Buffer {
  const file = path.join(dataDir, "encryption-key");
  if (existsSync(file)) return parseKey(readFileSync(file, "utf8"));
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(file, key.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as { code?: string }).code === "EEXIST") return parseKey(readFileSync(file, "utf8"));
    throw err;
  }
  return key;
}

let cachedKey: Buffer | undefined;

function key(): Buffer {
  if (!cachedKey) {
    const e = env();
    cachedKey = e.ENCRYPTION_KEY ? parseKey(e.ENCRYPTION_KEY) : loadOrCreateKey(e.DATA_DIR);
  }
  return cachedKey;
}

/** Where the key in use comes from: ENCRYPTION_KEY, or the generated file under DATA_DIR (key rotation rewrites that file). */
export function encryptionKeySource(): { kind: "env" } | { kind: "file"; file: string } {
  const e = env();
  return e.ENCRYPTION_KEY ? { kind: "env" } : { kind: "file", file: path.join(e.DATA_DIR, "encryption-key") };
}

/** The key in use (loaded, or generated on first use). */
export function currentEncryptionKey(): Buffer {
  return key();
}

/** Encrypts a UTF-8 secret; every call uses a fresh nonce (same input → different output). */
export function sealSecret(plain: string, k: Buffer = key()): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", k, nonce);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, nonce.toString("base64url"), data.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** Decrypts a value made by sealSecret; throws SecretBoxError when it was altered or the key differs. */
export function openSecret(sealed: string, k: Buffer = key()): string {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError("not a sealed secret");
  try {
    const decipher = createDecipheriv("aes-256-gcm", k, Buffer.from(parts[1], "base64url"));
    decipher.setAuthTag(Buffer.from(parts[3], "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(parts[2], "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("the secret cannot be decrypted (altered, or ENCRYPTION_KEY changed)");
  }
}

/** Tests only: forget the loaded key. */
export function resetSecretBoxForTests(): void {
  cachedKey = undefined;
}
