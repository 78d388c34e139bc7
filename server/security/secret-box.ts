import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
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
  const file = keyFile(dataDir);
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

interface LoadedKey {
  key: Buffer;
  /** the key file it came from (null: ENCRYPTION_KEY) and that file's identity when read */
  file: string | null;
  stamp: string | null;
}

let cachedKey: LoadedKey | undefined;

function keyFile(dataDir: string): string {
  return path.join(dataDir, "encryption-key");
}

/** inode, mtime and size: a key file replaced by `connections rotate-key` (written aside, then renamed) changes it. */
function fileStamp(file: string): string | null {
  try {
    const st = statSync(file);
    return `${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    return null;
  }
}

function loadKey(): LoadedKey {
  const e = env();
  if (e.ENCRYPTION_KEY) return { key: parseKey(e.ENCRYPTION_KEY), file: null, stamp: null };
  const file = keyFile(e.DATA_DIR);
  // stat before reading: a file replaced in between shows a newer stamp on the next use, and is read again
  const before = fileStamp(file);
  const key = loadOrCreateKey(e.DATA_DIR);
  return { key, file, stamp: before ?? fileStamp(file) };
}

function key(): Buffer {
  if (cachedKey?.file) {
    // Another process (the rotate-key CLI) replaced the key file: read it again. A vanished file keeps the loaded key.
    const stamp = fileStamp(cachedKey.file);
    if (stamp !== null && stamp !== cachedKey.stamp) cachedKey = undefined;
  }
  cachedKey ??= loadKey();
  return cachedKey.key;
}

/**
 * Keys to try when the loaded one cannot open a value: the key as configured
 * now (ENCRYPTION_KEY, or the key file re-read), and the key file's pending
 * successor (`encryption-key.next`, written by rotate-key before its
 * transaction and renamed over the file after it). Never creates a key.
 */
function freshKeys(): LoadedKey[] {
  const out: LoadedKey[] = [];
  // With ENCRYPTION_KEY set only the configured key exists (a running process cannot see a new value: that takes a restart).
  const fromEnv = env().ENCRYPTION_KEY;
  if (fromEnv) {
    try {
      out.push({ key: parseKey(fromEnv), file: null, stamp: null });
    } catch {
      // an invalid value is reported where the key is loaded
    }
    return out;
  }
  const file = keyFile(env().DATA_DIR);
  for (const candidate of [file, `${file}.next`]) {
    try {
      const stamp = fileStamp(file);
      out.push({ key: parseKey(readFileSync(candidate, "utf8")), file, stamp });
    } catch {
      // missing or unreadable: nothing to try
    }
  }
  return out;
}

/** Where the key in use comes from: ENCRYPTION_KEY, or the generated file under DATA_DIR (key rotation rewrites that file). */
export function encryptionKeySource(): { kind: "env" } | { kind: "file"; file: string } {
  const e = env();
  return e.ENCRYPTION_KEY ? { kind: "env" } : { kind: "file", file: keyFile(e.DATA_DIR) };
}

/**
 * Called when a server or worker starts (scripts/serve.ts, scripts/worker.ts,
 * instrumentation): loads ENCRYPTION_KEY, or reads or generates DATA_DIR/encryption-key
 * now rather than on the first secret saved, like the app secret. Throws on an invalid key.
 */
export function ensureEncryptionKey(): { kind: "env" } | { kind: "file"; file: string } {
  key();
  return encryptionKeySource();
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

function openWith(sealed: string, k: Buffer): string {
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

/**
 * Decrypts a value made by sealSecret; throws SecretBoxError when it was altered or the key differs.
 * Without an explicit key: when the loaded key cannot open it, the key is read again once (it may
 * have been rotated by the CLI while this process kept the old one) and the value retried with it.
 */
export function openSecret(sealed: string, k?: Buffer): string {
  if (k) return openWith(sealed, k);
  const loaded = key();
  try {
    return openWith(sealed, loaded);
  } catch (err) {
    if (!(err instanceof SecretBoxError) || !sealed.startsWith(`${VERSION}.`)) throw err;
    for (const fresh of freshKeys()) {
      if (fresh.key.equals(loaded)) continue;
      let plain: string;
      try {
        plain = openWith(sealed, fresh.key);
      } catch {
        continue;
      }
      cachedKey = fresh;
      return plain;
    }
    throw err;
  }
}

/** Tests only: forget the loaded key. */
export function resetSecretBoxForTests(): void {
  cachedKey = undefined;
}
