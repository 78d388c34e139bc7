/** `npm run cli -- connections rotate-key`: the key file dance around server/connections/rotate-key.ts. */
import { randomBytes } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import type { Db } from "../server/db";
import { rotateEncryptionKey, RotationError, type RotationResult } from "../server/connections/rotate-key";
import { currentEncryptionKey, encryptionKeySource, parseEncryptionKey, SecretBoxError } from "../server/security/secret-box";
import { AppError } from "../server/services/errors";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Re-encrypted 4 secrets in one transaction:" and one line per sealed column (rows, and values where a row holds several). */
export function rotationSummary(result: RotationResult): string {
  const lines = result.tables.map((t) => {
    const values = t.values !== t.rows ? ` (${plural(t.values, "secret")})` : "";
    return `  ${`${t.table}.${t.column}`.padEnd(28)} ${plural(t.rows, "row")}${values}`;
  });
  return [`Re-encrypted ${plural(result.secrets, "secret")} in one transaction:`, ...lines].join("\n");
}

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
  let result: RotationResult;
  try {
    result = await rotateEncryptionKey(db, current, next);
  } catch (err) {
    if (pending) rmSync(pending, { force: true });
    if (err instanceof RotationError) throw new AppError("UNPROCESSABLE", err.message);
    throw err;
  }
  const summary = rotationSummary(result);
  if (source.kind === "file" && pending) {
    renameSync(pending, source.file);
    return `${summary}\nThe new key replaced ${source.file} (keep it with your backups). Running servers and workers on this data directory switch to it on their next use of a secret; processes with their own copy of the key file need the new one.`;
  }
  return `${summary}\nNew ENCRYPTION_KEY (set it everywhere before restarting servers and workers; the old key no longer opens the secrets):\n${encoded}`;
}
