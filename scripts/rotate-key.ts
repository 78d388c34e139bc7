/** `npm run cli -- connections rotate-key`: the key file dance around server/connections/rotate-key.ts. */
import { randomBytes } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import type { Db } from "../server/db";
import { rotateEncryptionKey, RotationError } from "../server/connections/rotate-key";
import { currentEncryptionKey, encryptionKeySource, parseEncryptionKey, SecretBoxError } from "../server/security/secret-box";
import { AppError } from "../server/services/errors";

export async function rotateKey(db: Db, newKeyText?: string): Promise<string> {
  let next: Buffer;
  try {
    next = newKeyText ? parseEncryptionKey(newKeyText) : randomBytes(32);
  } catch (err) {
    throw new AppError("BAD_REQUEST", `--new-key: ${err instanceof SecretBoxError ? err.message : String(err)}`);
  }
  const current = currentEncryptionKey();
  if (current.equals(next)) throw new AppError("BAD_REQUEST", "--new-key is the key already in use; nothing to do");
  const source = encryptionKeySource();
  const encoded = next.toString("base64");
  // The new key is on disk before the secrets move to it, and becomes the key file only after they did.
  const pending = source.kind === "file" ? `${source.file}.next` : null;
  if (pending) writeFileSync(pending, `${encoded}\n`, { mode: 0o600 });
  let result;
  try {
    result = await rotateEncryptionKey(db, current, next);
  } catch (err) {
    if (pending) rmSync(pending, { force: true });
    if (err instanceof RotationError) throw new AppError("UNPROCESSABLE", err.message);
    throw err;
  }
  const summary = `Re-encrypted ${result.secrets} secret${result.secrets === 1 ? "" : "s"} of ${result.connections} connection${result.connections === 1 ? "" : "s"} and ${result.webhookSecrets} webhook secret${result.webhookSecrets === 1 ? "" : "s"} in one transaction.`;
  if (source.kind === "file" && pending) {
    renameSync(pending, source.file);
    return `${summary}\nThe new key replaced ${source.file} (keep it with your backups). Restart running servers and workers.`;
  }
  return `${summary}\nNew ENCRYPTION_KEY (set it everywhere before restarting servers and workers; the old key no longer opens the secrets):\n${encoded}`;
}
