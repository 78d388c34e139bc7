import type { Db } from "@/server/db";
import { openSecret, sealSecret, SecretBoxError } from "@/server/security/secret-box";
import { resealSecrets } from "./sealed";

export interface RotationResult {
  connections: number;
  secrets: number;
  webhookSecrets: number;
}

/** A stored secret that the current key cannot open: nothing was changed. */
export class RotationError extends Error {}

/**
 * Re-encrypts every stored secret (connection secrets of every workspace and
 * webhook secrets) from one key to another in ONE transaction: either all of
 * them are under the new key afterwards, or nothing changed. A value the old
 * key cannot open aborts the whole rotation with a message naming it.
 */
export async function rotateEncryptionKey(db: Db, from: Buffer, to: Buffer): Promise<RotationResult> {
  return db.$transaction(
    async (tx) => {
      const result: RotationResult = { connections: 0, secrets: 0, webhookSecrets: 0 };
      const rows = await tx.connection.findMany({ select: { id: true, name: true, type: true, values: true, secrets: true, workspaceId: true } });
      for (const row of rows) {
        let secrets: string;
        try {
          secrets = resealSecrets(row, from, to);
        } catch (err) {
          throw new RotationError(`${err instanceof Error ? err.message : String(err)} Nothing was re-encrypted.`);
        }
        const count = Object.keys(JSON.parse(secrets) as object).length;
        if (count === 0) continue;
        await tx.connection.update({ where: { id: row.id }, data: { secrets } });
        result.connections += 1;
        result.secrets += count;
      }
      const hooks = await tx.webhookEndpoint.findMany({ where: { secretEnc: { not: null } }, select: { id: true, automationId: true, secretEnc: true } });
      for (const hook of hooks) {
        let plain: string;
        try {
          plain = openSecret(hook.secretEnc ?? "", from);
        } catch (err) {
          if (!(err instanceof SecretBoxError)) throw err;
          throw new RotationError(`The webhook secret of automation ${hook.automationId} cannot be decrypted with the current key. Nothing was re-encrypted.`);
        }
        await tx.webhookEndpoint.update({ where: { id: hook.id }, data: { secretEnc: sealSecret(plain, to) } });
        result.webhookSecrets += 1;
      }
      return result;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
